/* SPDX-License-Identifier: MIT */
/*
 * RecordingBackend: records, then passes on.
 */
#include "ctisim/recording_backend.h"

#include "ctisim/tserver_error.h"

namespace ctisim {

void RecordingBackend::Recorder::onEvent(const Event &event)
{
	journal_.recordEvent(clock_.now(), event);
}

RecordingBackend::RecordingBackend(Backend &inner, SwitchControl *innerControl, const Clock &clock,
				   std::shared_ptr<Journal> journal)
    : inner_(inner), innerControl_(innerControl), clock_(clock), journal_(std::move(journal)),
      recorder_(clock_, *journal_), subscription_(inner_.subscribe(recorder_))
{
}

RecordingBackend::~RecordingBackend()
{
	*alive_ = false;
	inner_.unsubscribe(subscription_);
}

void RecordingBackend::submit(Request request, ResultHandler onResult)
{
	Journal::RequestTicket ticket = journal_->recordRequest(clock_.now(), request);
	/* The handler holds the journal, not this: a result may come after the
	 * recorder is gone (a reset while the shared switch still works on it). */
	inner_.submit(std::move(request),
		      [journal = journal_, clock = &clock_, alive = alive_, ticket = std::move(ticket),
		       onResult = std::move(onResult)](RequestResult result) {
			      if (*alive)
				      journal->recordResult(clock->now(), ticket, result);
			      onResult(std::move(result));
		      });
}

Backend::SubscriptionId RecordingBackend::subscribe(EventSink &sink, std::optional<Dn> dn)
{
	return inner_.subscribe(sink, std::move(dn));
}

void RecordingBackend::unsubscribe(SubscriptionId id)
{
	inner_.unsubscribe(id);
}

void RecordingBackend::control(ControlRequest request, ControlHandler onResult)
{
	/* A state dump changes nothing, and the console and the control API ask for one
	 * often: recording them would only push real entries out of the bound. */
	if (std::holds_alternative<ctl::DumpState>(request) && innerControl_ != nullptr) {
		innerControl_->control(std::move(request), std::move(onResult));
		return;
	}
	Journal::ControlTicket ticket = journal_->recordControl(clock_.now(), request);
	if (innerControl_ == nullptr) {
		ControlResult result;
		result.errorCode = terr::UnsupportedOperation;
		result.errorMessage = "This backend cannot be controlled";
		journal_->recordControlResult(clock_.now(), ticket, result);
		onResult(std::move(result));
		return;
	}
	innerControl_->control(std::move(request),
			       [journal = journal_, clock = &clock_, alive = alive_, ticket = std::move(ticket),
				onResult = std::move(onResult)](ControlResult result) {
				       if (*alive)
					       journal->recordControlResult(clock->now(), ticket, result);
				       onResult(std::move(result));
			       });
}

} /* namespace ctisim */
