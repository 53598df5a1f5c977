/* SPDX-License-Identifier: MIT */
/*
 * SimBackend: runs a SimSwitch on an executor. Hands out ReferenceIds, delivers
 * events to subscriptions before each result, fires timers (real clock: one
 * Executor::Timer; virtual clock: when control() moves the clock) and answers
 * the sandbox's control requests.
 */
#include "ctisim/sim/sim_backend.h"

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "ctisim/sim/sim_switch.h"
#include "ctisim/tserver_error.h"

namespace ctisim::sim {

namespace {

struct Subscription {
	Backend::SubscriptionId id = 0;
	EventSink *sink = nullptr;
	std::optional<Dn> dn;
	/* Cleared by unsubscribe(), so a batch being delivered skips a sink removed meanwhile. */
	std::shared_ptr<std::atomic<bool>> active;
};

ControlResult controlError(int code, std::string message)
{
	ControlResult result;
	result.errorCode = code;
	result.errorMessage = std::move(message);
	return result;
}

} /* namespace */

struct SimBackend::Impl {
	Impl(SwitchConfig config, Clock &clockRef, Executor &executorRef)
	    : sim(std::move(config), clockRef), clock(clockRef), virtualClock(dynamic_cast<VirtualClock *>(&clockRef)),
	      executor(executorRef)
	{
		/* The timer is the Impl's: gone with it, it never runs after the backend. */
		if (!virtualClock)
			realTimer = executor.makeTimer([this] { onRealTimer(); });
	}

	SimSwitch sim;
	Clock &clock;
	VirtualClock *virtualClock;
	Executor &executor;
	/* Tasks posted to the executor hold a weak reference: they do nothing once the backend is gone. */
	std::shared_ptr<int> alive = std::make_shared<int>(0);
	std::atomic<ReferenceId> nextReference{1};

	std::mutex mutex; ///< guards subscriptions and nextSubscription only
	std::vector<Subscription> subscriptions;
	SubscriptionId nextSubscription = 1;

	/// Real clock: the one timer of the switch's timers, armed for the earliest.
	std::unique_ptr<Executor::Timer> realTimer;
	/// Real clock: the due time realTimer is armed for.
	std::optional<TimeMs> armedAt;
	/// A step is running (its events or its result being delivered): a request a
	/// sink or a result handler submits then waits for its own task, so that
	/// steps never nest and every sink sees events in switch order.
	bool stepping = false;

	/* The room of a request's event list and of deliver()'s copy of the subscriptions, kept
	 * between steps (on the executor) instead of grown from empty for every request. Taken
	 * by a step and given back after it, so a step inside another would find them empty. */
	std::vector<Event> spareEvents;
	std::vector<Subscription> spareSubscriptions;

	template <typename F> void post(F task)
	{
		std::weak_ptr<int> weak = alive;
		executor.post([weak, task = std::move(task)]() mutable {
			if (weak.lock())
				task();
		});
	}

	void deliver(const std::vector<Event> &events)
	{
		if (events.empty())
			return;
		const bool outer = std::exchange(stepping, true);
		std::vector<Subscription> copy = std::move(spareSubscriptions);
		{
			std::lock_guard lock(mutex);
			copy = subscriptions;
		}
		for (const Event &event : events) {
			for (const Subscription &sub : copy) {
				if (sub.active->load() && (!sub.dn || *sub.dn == event.thisDn))
					sub.sink->onEvent(event);
			}
		}
		copy.clear();
		spareSubscriptions = std::move(copy);
		stepping = outer;
	}

	void armRealTimer()
	{
		if (virtualClock)
			return;
		std::optional<TimeMs> next = sim.nextTimerAt();
		if (!next || (armedAt && *armedAt <= *next))
			return;
		armedAt = next;
		TimeMs delay = std::max<TimeMs>(*next - clock.now(), 0);
		realTimer->armAt(executor.now() + std::chrono::milliseconds(delay));
	}

	void onRealTimer()
	{
		armedAt.reset();
		std::vector<Event> events;
		sim.runDueTimers(events);
		deliver(events);
		armRealTimer();
	}

	/// Moves the virtual clock to target, stopping at each timer's due time so that
	/// every timer fires with the clock reading exactly its due time.
	void advanceTo(TimeMs target)
	{
		std::vector<Event> events;
		for (std::optional<TimeMs> next = sim.nextTimerAt(); next && *next <= target;
		     next = sim.nextTimerAt()) {
			if (*next > virtualClock->now())
				virtualClock->set(*next);
			sim.runDueTimers(events);
		}
		virtualClock->set(target);
		deliver(events);
	}

	ControlResult control(const ControlRequest &request)
	{
		ControlResult result;
		if (const auto *reset = std::get_if<ctl::Reset>(&request)) {
			try {
				sim.reset(reset->config);
			} catch (const std::invalid_argument &e) {
				result = controlError(terr::BadParameter, e.what());
			}
			armedAt.reset();
			std::vector<Event> events;
			sim.runDueTimers(events);
			deliver(events);
			armRealTimer();
		} else if (const auto *behaviour = std::get_if<ctl::SetBehaviour>(&request)) {
			if (int code = sim.setBehaviour(behaviour->dn, behaviour->behaviour))
				result = controlError(code,
						      "SetBehaviour: " + behaviour->dn + " is not a configured DN");
		} else if (const auto *set = std::get_if<ctl::SetClock>(&request)) {
			if (!virtualClock)
				result = controlError(
					terr::UnsupportedOperation,
					"SetClock needs a virtual clock; this switch runs on the real clock");
			else if (set->now < virtualClock->now())
				virtualClock->set(set->now); /* going back fires nothing */
			else
				advanceTo(set->now);
		} else if (const auto *advance = std::get_if<ctl::AdvanceClock>(&request)) {
			if (!virtualClock)
				result = controlError(
					terr::UnsupportedOperation,
					"AdvanceClock needs a virtual clock; this switch runs on the real clock");
			else if (advance->deltaMs < 0)
				result = controlError(terr::InvalidAttribute,
						      "AdvanceClock: deltaMs must not be negative");
			else
				advanceTo(virtualClock->now() + advance->deltaMs);
		}
		result.state = sim.state();
		return result;
	}
};

SimBackend::SimBackend(SwitchConfig config, Clock &clock, Executor &executor)
    : impl_(std::make_unique<Impl>(std::move(config), clock, executor))
{
}

SimBackend::~SimBackend() = default;

void SimBackend::submit(Request request, ResultHandler onResult)
{
	ReferenceId reference = impl_->nextReference.fetch_add(1);
	Impl *impl = impl_.get();
	auto step = [impl, reference, request = std::move(request), onResult = std::move(onResult)] {
		impl->stepping = true;
		std::vector<Event> events = std::move(impl->spareEvents);
		RequestResult result = impl->sim.apply(request, reference, events);
		/* Timers already due (0 ms auto-answer) belong to the same step. */
		impl->sim.runDueTimers(events);
		impl->deliver(events);
		events.clear();
		impl->spareEvents = std::move(events);
		impl->armRealTimer();
		if (onResult)
			onResult(std::move(result));
		impl->stepping = false;
	};
	/* On the switch's executor already (a request served on the core strand), the step
	 * runs now: its events and its result are delivered before submit returns. */
	if (impl->executor.runningInThisThread() && !impl->stepping)
		return step();
	impl->post(std::move(step));
}

Backend::SubscriptionId SimBackend::subscribe(EventSink &sink, std::optional<Dn> dn)
{
	std::lock_guard lock(impl_->mutex);
	Subscription sub;
	sub.id = impl_->nextSubscription++;
	sub.sink = &sink;
	sub.dn = std::move(dn);
	sub.active = std::make_shared<std::atomic<bool>>(true);
	impl_->subscriptions.push_back(std::move(sub));
	return impl_->subscriptions.back().id;
}

void SimBackend::unsubscribe(SubscriptionId id)
{
	std::lock_guard lock(impl_->mutex);
	std::erase_if(impl_->subscriptions, [id](const Subscription &sub) {
		if (sub.id != id)
			return false;
		sub.active->store(false);
		return true;
	});
}

void SimBackend::control(ControlRequest request, ControlHandler onResult)
{
	Impl *impl = impl_.get();
	impl->post([impl, request = std::move(request), onResult = std::move(onResult)] {
		ControlResult result = impl->control(request);
		if (onResult)
			onResult(std::move(result));
	});
}

} /* namespace ctisim::sim */
