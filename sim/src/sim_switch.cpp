/* SPDX-License-Identifier: MIT */
/*
 * SimSwitch: the public face of SwitchCore.
 */
#include "ctisim/sim/sim_switch.h"

#include "switch_core.h"

namespace ctisim::sim {

SimSwitch::SimSwitch(SwitchConfig config, const Clock &clock)
    : core_(std::make_unique<SwitchCore>(std::move(config), clock, 0))
{
}

SimSwitch::~SimSwitch() = default;
SimSwitch::SimSwitch(SimSwitch &&) noexcept = default;
SimSwitch &SimSwitch::operator=(SimSwitch &&) noexcept = default;

RequestResult SimSwitch::apply(const Request &request, ReferenceId referenceId, std::vector<Event> &out)
{
	return core_->apply(request, referenceId, out);
}

void SimSwitch::runDueTimers(std::vector<Event> &out)
{
	core_->runDueTimers(out);
}

std::optional<TimeMs> SimSwitch::nextTimerAt() const
{
	return core_->nextTimerAt();
}

int SimSwitch::setBehaviour(const Dn &dn, DnBehaviour behaviour)
{
	return core_->setBehaviour(dn, behaviour);
}

void SimSwitch::reset(std::optional<SwitchConfig> config)
{
	/* Build the new core completely before dropping the old one: a bad config keeps the old state. */
	SwitchConfig next = config ? std::move(*config) : core_->config();
	core_ = std::make_unique<SwitchCore>(std::move(next), core_->clock(), core_->lastSequence());
}

SwitchState SimSwitch::state() const
{
	return core_->state();
}

} /* namespace ctisim::sim */
