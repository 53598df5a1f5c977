/* SPDX-License-Identifier: MIT */
/*
 * Serving a request on the core (docs/architecture.md, "Threads"): the core
 * strand owns the front ends' state and the server's connections, so a request
 * normally arrives there already and runs at once, without a hop; a caller
 * elsewhere (a unit test, a connection of another server) gets it posted.
 */
#pragma once

#include <utility>

#include "ctisim/api/notifier.h"
#include "ctisim/executor.h"

namespace ctisim::api {

/// Runs task on core: at once when called there, inside a notification batch
/// (the response it writes flushes the notifications it caused, so none is
/// flushed by a posted task); else posted, as a task of its own.
template <class Task> void runOnCore(Executor &core, Notifier &notifier, Task task)
{
	if (core.runningInThisThread()) {
		NotificationBatch batch(notifier);
		task();
		return;
	}
	core.post(std::move(task));
}

} /* namespace ctisim::api */
