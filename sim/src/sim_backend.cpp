/* SPDX-License-Identifier: MIT */
/*
 * SimBackend (placeholder until the switch core lands): refuses every request.
 */
#include "ctisim/sim/sim_backend.h"

#include "ctisim/tserver_error.h"

namespace ctisim::sim {

struct SimBackend::Impl {
	Executor &executor;
};

SimBackend::SimBackend(SwitchConfig, Clock &, Executor &executor) : impl_(std::make_unique<Impl>(Impl{ executor })) {}

SimBackend::~SimBackend() = default;

void SimBackend::submit(Request, ResultHandler onResult)
{
	impl_->executor.post([onResult = std::move(onResult)] {
		RequestResult result;
		result.errorCode = terr::UnsupportedOperation;
		result.errorMessage = terrText(result.errorCode);
		onResult(std::move(result));
	});
}

Backend::SubscriptionId SimBackend::subscribe(EventSink &, std::optional<Dn>)
{
	return 0;
}

void SimBackend::unsubscribe(SubscriptionId) {}

void SimBackend::control(ControlRequest, ControlHandler onResult)
{
	impl_->executor.post([onResult = std::move(onResult)] { onResult(ControlResult{}); });
}

} /* namespace ctisim::sim */
