/* SPDX-License-Identifier: MIT */
/*
 * The v3 capabilities: GWS's capability bits under their v3 names.
 */
#include "workspace/voice_capabilities.h"

#include <array>
#include <utility>

#include "gws/capabilities.h"
#include "gws/operation_table.h"

namespace ctisim::api::workspace {

namespace {

using enum Op;

/// The GWS operation behind each v3 call capability, in the order of the reference's list
/// (workspace-v3.md §c). The v3 names no GWS operation has (clear, reconnect, redirect, merge)
/// are added by callCapabilities().
constexpr std::array<std::pair<std::string_view, Op>, 22> renamed = {{
	{"answer", Answer},
	{"release", Hangup},
	{"hold", Hold},
	{"retrieve", Retrieve},
	{"send-dtmf", SendDtmf},
	{"attach-user-data", AttachUserData},
	{"delete-user-data-pair", DeleteUserDataPair},
	{"update-user-data", UpdateUserData},
	{"initiate-conference", InitiateConference},
	{"initiate-transfer", InitiateTransfer},
	{"complete-conference", CompleteConference},
	{"complete-transfer", CompleteTransfer},
	{"single-step-conference", SingleStepConference},
	{"single-step-transfer", SingleStepTransfer},
	{"delete-from-conference", RemoveParticipantFromConference},
	{"start-recording", StartCallRecording},
	{"stop-recording", StopCallRecording},
	{"pause-recording", PauseCallRecording},
	{"resume-recording", ResumeCallRecording},
	{"switch-to-listen-in", SwitchToListenIn},
	{"switch-to-barge-in", SwitchToBargeIn},
	{"alternate", SwapCalls},
}};

} /* namespace */

std::vector<std::string_view> callCapabilities(const UserView &view, const TrackedCall &call, bool linkUp)
{
	std::vector<std::string_view> out;
	if (!linkUp)
		return out;
	const CallContext context = view.context(call);
	const OpMask mask = callCapabilityMask(context);
	for (const auto &[name, op] : renamed) {
		if (mask & bit(op))
			out.push_back(name);
	}
	/* TClearCall: on a call the user is talking on or holding, as GWS accepts ClearCall. */
	if (context.observing)
		return out;
	if (callOperationAllowed(context, ClearCall))
		out.push_back("clear");
	/* TReconnectCall and TMergeCalls on the active call of a consult pair; TRedirectCall while ringing. */
	const bool activeConsult =
		context.relation == ConsultRelation::Consult &&
		(context.ownState == PartyState::Established || context.ownState == PartyState::Dialing);
	if (activeConsult)
		out.push_back("reconnect");
	if (context.ownState == PartyState::Ringing)
		out.push_back("redirect");
	if (activeConsult && context.ownState == PartyState::Established)
		out.push_back("merge");
	return out;
}

std::vector<std::string_view> dnCapabilities(const DnSnapshot *dn, bool supervisor, bool linkUp)
{
	std::vector<std::string_view> out;
	if (!linkUp || !dn)
		return out;
	if (dn->agentState == AgentState::LoggedOut) {
		out.push_back("login");
	} else {
		if (dn->agentState != AgentState::Ready)
			out.push_back("ready");
		out.push_back("not-ready");
		out.push_back("logout");
	}
	out.push_back(dn->dnd ? "dnd-off" : "dnd-on");
	out.push_back(dn->forwardTo.empty() ? "set-forward" : "cancel-forward");
	if (supervisor)
		out.push_back(dn->monitoring ? "stop-monitoring" : "start-monitoring");
	return out;
}

} /* namespace ctisim::api::workspace */
