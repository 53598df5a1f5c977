/* SPDX-License-Identifier: MIT */
/*
 * Notifier: how the GWS layer hands a finished notification to the CometD side.
 */
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ctisim::api {

/// A notification serialized once; every recipient shares these bytes.
/// The text is one whole Bayeux message: {"data":{...},"channel":"/v2/me/calls"}.
using SharedMessage = std::shared_ptr<const std::string>;

class Notifier
{
public:
	virtual ~Notifier() = default;

	/// Queues message for every Bayeux session of userId subscribed to channel
	/// (exactly, or through a wildcard such as /v2/me/*). Thread-safe, never blocks.
	/// Messages published for one user arrive in publish order.
	/// A session's held /meta/connect is answered with everything queued for it
	/// at the next flush() or by a task the notifier posts (so after the calling
	/// task, on one thread): the messages of one switch step travel in one reply.
	virtual void publish(std::string_view userId, std::string_view channel, SharedMessage message) = 0;
	/// Answers now the held connects that publish() gave messages to. Thread-safe.
	virtual void flush() {}
	/// Between beginBatch() and endBatch() (a request served on the core, whose
	/// response flushes), publish() posts no task to flush: endBatch() flushes
	/// what is still due. Batches nest; thread-safe.
	virtual void beginBatch() {}
	virtual void endBatch() {}
};

/// A batch for the length of a scope.
class NotificationBatch
{
public:
	explicit NotificationBatch(Notifier &notifier) : notifier_(notifier) { notifier_.beginBatch(); }
	~NotificationBatch() { notifier_.endBatch(); }
	NotificationBatch(const NotificationBatch &) = delete;
	NotificationBatch &operator=(const NotificationBatch &) = delete;

private:
	Notifier &notifier_;
};

} /* namespace ctisim::api */
