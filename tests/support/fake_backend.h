/* SPDX-License-Identifier: MIT */
/*
 * FakeBackend: a Backend for front-end tests. It records every request, lets
 * the test deliver events to the subscribers and complete requests with any
 * result, so a test controls exactly what the switch "did".
 */
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "ctisim/backend.h"

namespace ctisim::test {

class FakeBackend final : public Backend
{
public:
	struct Submitted {
		Request request;
		ResultHandler onResult;
		ReferenceId referenceId = 0;
		bool done = false;
	};

	void submit(Request request, ResultHandler onResult) override
	{
		Submitted s{std::move(request), std::move(onResult), nextReference_++, false};
		submitted.push_back(std::move(s));
		if (autoComplete)
			complete(submitted.size() - 1);
	}

	SubscriptionId subscribe(EventSink &sink, std::optional<Dn> dn = std::nullopt) override
	{
		sinks_.push_back({nextSubscription_, &sink, std::move(dn)});
		return nextSubscription_++;
	}

	void unsubscribe(SubscriptionId id) override
	{
		std::erase_if(sinks_, [id](const Sink &s) { return s.id == id; });
	}

	/// Delivers event to the matching subscribers (synchronously: call it on the core).
	void emit(const Event &event)
	{
		for (const Sink &s : std::vector<Sink>(sinks_)) {
			if (!s.dn || *s.dn == event.thisDn)
				s.sink->onEvent(event);
		}
	}

	/// Completes request i with result (its referenceId is filled in).
	void complete(std::size_t i, RequestResult result = {})
	{
		Submitted &s = submitted.at(i);
		result.referenceId = s.referenceId;
		s.done = true;
		if (s.onResult)
			s.onResult(std::move(result));
	}

	/// The requests of one type, in order.
	template <typename T> std::vector<T> requestsOf() const
	{
		std::vector<T> out;
		for (const Submitted &s : submitted) {
			if (const T *r = std::get_if<T>(&s.request))
				out.push_back(*r);
		}
		return out;
	}

	std::vector<Submitted> submitted;
	/// Completes each request at once with success (QueryAddress: no DN state, no calls).
	bool autoComplete = true;

private:
	struct Sink {
		SubscriptionId id;
		EventSink *sink;
		std::optional<Dn> dn;
	};
	std::vector<Sink> sinks_;
	SubscriptionId nextSubscription_ = 1;
	ReferenceId nextReference_ = 1;
};

} /* namespace ctisim::test */
