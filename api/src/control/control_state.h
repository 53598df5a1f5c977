/* SPDX-License-Identifier: MIT */
/*
 * What the /sim/v1 routes share: the switch they act on (replaced by a reset),
 * the access rule, the fault injector, the journal and its held waits. The
 * routes are free functions over this state (control_routes.h); ControlApi owns
 * it and only routes.
 */
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "ctisim/api/control_api.h"

#include "control/journal_waiters.h" /* api/src */

namespace ctisim::api::control {

/// The switch a request acts on: read once per request, since a reset may replace it.
struct Targets {
	Backend *backend;
	SwitchControl *control;
	Executor *core;
};

/**
 * @par Thread Safety
 * The bindings are read and replaced under `mutex`: routes run on connection
 * threads while a reset rebinds them.
 */
struct ControlState {
	ControlState(Backend &backend, SwitchControl &control, Executor &core, ControlApi::ResetHandler reset,
		     std::optional<ControlAccess> access, ControlExposure exposure)
	    : backend(&backend), control(&control), core(&core), reset(std::move(reset)), exposure(std::move(exposure)),
	      access(std::move(access)), waiters(core)
	{
	}

	Targets targets() const
	{
		std::lock_guard lock(mutex);
		return Targets{backend, control, core};
	}
	std::optional<ControlAccess> accessRule() const
	{
		std::lock_guard lock(mutex);
		return access;
	}
	FaultInjectingBackend *faultInjector() const
	{
		std::lock_guard lock(mutex);
		return faults;
	}
	std::shared_ptr<const Journal> currentJournal() const
	{
		std::lock_guard lock(mutex);
		return journal;
	}

	mutable std::mutex mutex;
	Backend *backend;
	SwitchControl *control;
	Executor *core;
	const ControlApi::ResetHandler reset;
	/// Set once at start (--control-access): read without the lock.
	const ControlExposure exposure;
	std::optional<ControlAccess> access;
	FaultInjectingBackend *faults = nullptr;
	std::shared_ptr<const Journal> journal;
	/// The held GET /sim/v1/journal?wait= requests.
	JournalWaiters waiters;
};

} /* namespace ctisim::api::control */
