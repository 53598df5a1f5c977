/* SPDX-License-Identifier: MIT */
/*
 * RecordingBackend: a Backend decorator that records everything that goes
 * through it into a Journal: each submitted request, its result, every event
 * the switch reports (it subscribes to all DNs of the backend it wraps), and
 * each SwitchControl request with its outcome (except DumpState, which changes
 * nothing and is asked for often). Requests, subscriptions and control requests
 * are passed on unchanged.
 */
#pragma once

#include <memory>

#include "ctisim/backend.h"
#include "ctisim/clock.h"
#include "ctisim/journal.h"
#include "ctisim/switch_control.h"

namespace ctisim {

/**
 * @par Thread Safety
 * As the wrapped backend: submit(), subscribe(), unsubscribe() and control()
 * may be called from any thread when the inner backend allows it. The journal
 * is thread safe.
 */
class RecordingBackend final : public Backend, public SwitchControl
{
public:
	/// inner, clock (and innerControl when given) must outlive the recorder.
	/// Without innerControl, control() answers UnsupportedOperation at once.
	RecordingBackend(Backend &inner, SwitchControl *innerControl, const Clock &clock,
			 std::shared_ptr<Journal> journal);
	~RecordingBackend() override;
	RecordingBackend(const RecordingBackend &) = delete;
	RecordingBackend &operator=(const RecordingBackend &) = delete;

	void submit(Request request, ResultHandler onResult) override;
	SubscriptionId subscribe(EventSink &sink, std::optional<Dn> dn = std::nullopt) override;
	void unsubscribe(SubscriptionId id) override;

	void control(ControlRequest request, ControlHandler onResult) override;

	const std::shared_ptr<Journal> &journal() const { return journal_; }

private:
	class Recorder final : public EventSink
	{
	public:
		Recorder(const Clock &clock, Journal &journal) : clock_(clock), journal_(journal) {}
		void onEvent(const Event &event) override;

	private:
		const Clock &clock_;
		Journal &journal_;
	};

	Backend &inner_;
	SwitchControl *innerControl_;
	const Clock &clock_;
	std::shared_ptr<Journal> journal_;
	Recorder recorder_;
	SubscriptionId subscription_;
	/// False once the recorder is gone: a result that arrives later (from a
	/// backend that outlives it, like a shared switch's client) is passed on
	/// without touching the clock, which may be gone too. Read and written on
	/// the backend's executor only.
	std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} /* namespace ctisim */
