/* SPDX-License-Identifier: MIT */
/*
 * FaultInjectingBackend: one subscription to the inner backend for every DN,
 * re-dispatched to this decorator's own subscribers so that it can speak to
 * them when the link drops; one outbox through which every event and result
 * leaves, so that a delay never reorders them. Delays are real time (one
 * postAfter per item) or, with a virtual clock's control, due times the clock
 * reaches.
 */
#include "ctisim/fault_injecting_backend.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "ctisim/tserver_error.h"

namespace ctisim {

struct FaultInjectingBackend::Impl : EventSink, std::enable_shared_from_this<Impl> {
	Impl(Backend &innerRef, Executor &executorRef, const Clock &clockRef, SwitchControl *clockControlRef)
	    : inner(innerRef), executor(executorRef), clock(clockRef), clockControl(clockControlRef)
	{
	}

	struct Sink {
		SubscriptionId id;
		EventSink *sink;
		std::optional<Dn> dn;
	};

	Backend &inner;
	Executor &executor;
	const Clock &clock;
	/// Non-null: delays are in the virtual clock's time, and this moves it.
	SwitchControl *clockControl;
	std::optional<SubscriptionId> innerSubscription;

	/* subscribe()/unsubscribe() may come from any thread. They replace the list; an event's
	   dispatch holds the list it started with, so it needs no copy of its own. */
	using SinkList = std::vector<Sink>;
	std::mutex sinksMutex;
	std::shared_ptr<const SinkList> sinks = std::make_shared<const SinkList>();
	SubscriptionId nextSubscription = 1;

	/* Everything below lives on the executor. */
	FaultState faults;
	std::uint64_t lastSequence = 0;
	/// Requests forwarded (or dropped) whose result has not been delivered, by local id.
	std::map<std::uint64_t, ResultHandler> pending;
	std::uint64_t nextRequest = 1;
	/// A delivery waiting for its delay; due is the virtual clock's time (virtual delays only).
	struct Held {
		TimeMs due = 0;
		std::function<void()> run;
	};
	/// Deliveries waiting for their delay, in the order they must happen.
	std::deque<Held> outbox;
	/// Virtual delays: the latest time a SetClock in flight moves the clock to.
	std::optional<TimeMs> movingTo;

	std::shared_ptr<const SinkList> currentSinks()
	{
		std::lock_guard lock(sinksMutex);
		return sinks;
	}

	bool stillSubscribed(SubscriptionId id)
	{
		std::lock_guard lock(sinksMutex);
		return std::any_of(sinks->begin(), sinks->end(), [id](const Sink &s) { return s.id == id; });
	}

	/// Runs item now, or after the event delay behind everything already waiting.
	/// No delay and nothing held back: an item may be delivered at once, in order.
	bool passThrough() const { return faults.eventDelay.count() == 0 && outbox.empty(); }

	/// awaited: a result, whose sender waits for it (virtual delays move the clock for it).
	void deliver(std::function<void()> item, bool awaited = false)
	{
		if (passThrough()) {
			item();
			return;
		}
		if (clockControl) {
			holdVirtual(std::move(item), awaited);
			return;
		}
		outbox.push_back({0, std::move(item)});
		/* Each timer releases the oldest item, whichever timer fires first: order holds. */
		auto release = [weak = weak_from_this()] {
			if (auto self = weak.lock())
				self->releaseOne();
		};
		if (faults.eventDelay.count() == 0)
			executor.post(std::move(release));
		else
			executor.postAfter(faults.eventDelay, std::move(release));
	}

	void releaseOne()
	{
		if (outbox.empty())
			return;
		std::function<void()> item = std::move(outbox.front().run);
		outbox.pop_front();
		item();
	}

	/* Virtual delays: an item is due at now + the delay and leaves once the clock
	 * reaches it and everything before it has left. */
	void holdVirtual(std::function<void()> item, bool awaited)
	{
		TimeMs now = clock.now();
		TimeMs due = now + faults.eventDelay.count();
		/* Behind items due later it cannot leave before them. */
		TimeMs leaves = outbox.empty() ? due : std::max(due, outbox.back().due);
		outbox.push_back({leaves, std::move(item)});
		if (leaves <= now) {
			executor.post([weak = weak_from_this()] {
				if (auto self = weak.lock())
					self->releaseDue();
			});
		} else if (awaited) {
			moveClockTo(leaves);
		}
	}

	/// Advances (never sets: the clock must not go back if someone else moved it meanwhile).
	void moveClockTo(TimeMs t)
	{
		TimeMs from = std::max(clock.now(), movingTo.value_or(0));
		if (from >= t)
			return;
		movingTo = t;
		clockControl->control(ctl::AdvanceClock{t - from}, [weak = weak_from_this()](ControlResult) {
			if (auto self = weak.lock()) {
				if (self->movingTo && *self->movingTo <= self->clock.now())
					self->movingTo.reset();
				self->releaseDue();
			}
		});
	}

	void releaseDue()
	{
		while (!outbox.empty() && outbox.front().due <= clock.now())
			releaseOne();
	}

	void dispatch(const Event &event)
	{
		for (const Sink &s : *currentSinks()) {
			if ((!s.dn || *s.dn == event.thisDn) && stillSubscribed(s.id))
				s.sink->onEvent(event);
		}
	}

	void dispatchLinkEvent(EventType type)
	{
		Event event;
		event.type = type;
		event.sequence = lastSequence;
		event.time = clock.now();
		for (const Sink &s : *currentSinks()) {
			if (!stillSubscribed(s.id))
				continue;
			event.thisDn = s.dn.value_or(Dn());
			s.sink->onEvent(event);
		}
	}

	/* From the inner backend, on the executor. */
	void onEvent(const Event &event) override
	{
		lastSequence = std::max(lastSequence, event.sequence);
		if (!faults.linkUp)
			return;
		if (faults.dropEvents > 0) {
			--faults.dropEvents;
			++faults.droppedEvents;
			return;
		}
		/* The usual case (no fault): straight through, without copying the event into a task. */
		if (passThrough()) {
			dispatch(event);
			return;
		}
		deliver([this, event] { dispatch(event); });
	}

	void fail(ResultHandler onResult)
	{
		RequestResult result;
		result.errorCode = terr::NoSwitch;
		result.errorMessage = terrText(terr::NoSwitch);
		deliver(
			[onResult = std::move(onResult), result = std::move(result)]() mutable {
				if (onResult)
					onResult(std::move(result));
			},
			true);
	}

	void submit(Request request, ResultHandler onResult)
	{
		if (!faults.linkUp)
			return fail(std::move(onResult));
		std::uint64_t id = nextRequest++;
		pending.emplace(id, std::move(onResult));
		if (faults.dropRequests > 0) {
			--faults.dropRequests;
			++faults.droppedRequests;
			return;
		}
		inner.submit(std::move(request), [weak = weak_from_this(), id](RequestResult result) {
			if (auto self = weak.lock())
				self->onInnerResult(id, std::move(result));
		});
	}

	void onInnerResult(std::uint64_t id, RequestResult result)
	{
		auto it = pending.find(id);
		if (it == pending.end())
			return; /* already failed when the link went down */
		ResultHandler onResult = std::move(it->second);
		pending.erase(it);
		if (passThrough()) {
			if (onResult)
				onResult(std::move(result));
			return;
		}
		deliver(
			[onResult = std::move(onResult), result = std::move(result)]() mutable {
				if (onResult)
					onResult(std::move(result));
			},
			true);
	}

	void setLinkUp(bool up)
	{
		if (faults.linkUp == up)
			return;
		faults.linkUp = up;
		deliver([this, up] { dispatchLinkEvent(up ? EventType::LinkConnected : EventType::LinkDisconnected); });
		if (up)
			return;
		/* Nothing more will come back over a lost link: every request in flight ends now. */
		auto failing = std::exchange(pending, {});
		for (auto &[id, onResult] : failing)
			fail(std::move(onResult));
	}
};

FaultInjectingBackend::FaultInjectingBackend(Backend &inner, Executor &executor, const Clock &clock,
					     SwitchControl *clockControl)
    : inner_(inner), impl_(std::make_shared<Impl>(inner, executor, clock, clockControl))
{
	impl_->innerSubscription = inner_.subscribe(*impl_);
}

FaultInjectingBackend::~FaultInjectingBackend()
{
	if (impl_->innerSubscription)
		inner_.unsubscribe(*impl_->innerSubscription);
}

void FaultInjectingBackend::submit(Request request, ResultHandler onResult)
{
	/* On the executor already, the request goes on now (the inner backend decides whether
	 * it runs at once: backend.h); from anywhere else it hops there first. */
	if (impl_->executor.runningInThisThread())
		return impl_->submit(std::move(request), std::move(onResult));
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_), request = std::move(request),
			      onResult = std::move(onResult)]() mutable {
		if (auto self = weak.lock())
			self->submit(std::move(request), std::move(onResult));
	});
}

Backend::SubscriptionId FaultInjectingBackend::subscribe(EventSink &sink, std::optional<Dn> dn)
{
	std::lock_guard lock(impl_->sinksMutex);
	SubscriptionId id = impl_->nextSubscription++;
	auto sinks = std::make_shared<Impl::SinkList>(*impl_->sinks);
	sinks->push_back({id, &sink, std::move(dn)});
	impl_->sinks = std::move(sinks);
	return id;
}

void FaultInjectingBackend::unsubscribe(SubscriptionId id)
{
	std::lock_guard lock(impl_->sinksMutex);
	auto sinks = std::make_shared<Impl::SinkList>(*impl_->sinks);
	std::erase_if(*sinks, [id](const Impl::Sink &s) { return s.id == id; });
	impl_->sinks = std::move(sinks);
}

void FaultInjectingBackend::setLinkUp(bool up)
{
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_), up] {
		if (auto self = weak.lock())
			self->setLinkUp(up);
	});
}

void FaultInjectingBackend::setEventDelay(std::chrono::milliseconds delay)
{
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_), delay] {
		if (auto self = weak.lock())
			self->faults.eventDelay = std::max(delay, std::chrono::milliseconds(0));
	});
}

void FaultInjectingBackend::dropRequests(std::size_t count)
{
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_), count] {
		if (auto self = weak.lock())
			self->faults.dropRequests = count;
	});
}

void FaultInjectingBackend::dropEvents(std::size_t count)
{
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_), count] {
		if (auto self = weak.lock())
			self->faults.dropEvents = count;
	});
}

void FaultInjectingBackend::clockMoved()
{
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_)] {
		if (auto self = weak.lock(); self && self->clockControl)
			self->releaseDue();
	});
}

void FaultInjectingBackend::inspect(std::function<void(FaultState)> onState)
{
	impl_->executor.post([weak = std::weak_ptr<Impl>(impl_), onState = std::move(onState)] {
		if (auto self = weak.lock())
			onState(self->faults);
	});
}

} /* namespace ctisim */
