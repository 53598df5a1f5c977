/* SPDX-License-Identifier: MIT */
/*
 * The builders of the supervisor's rows (operation_table.h), Gate::Supervisor:
 * ListenIn, Coach and BargeIn on the supervisor's device (T-Server
 * TMonitorNextCall with SIP Server's MonitorMode), CancelSupervisorMonitoring,
 * and on the supervisor's monitoring call SwitchToListenIn/SwitchToBargeIn
 * (SetMuteOn/Off of the supervisor's party) and Mute/UnmuteMonitoredUser
 * (SetMuteOn/Off of the monitored agent's party). docs/desktop-fidelity.md §6.
 */
#pragma once

#include "operation_table.h"
#include "user_view.h"

namespace ctisim::api {

/// The feature the supervisor's operations need (desktop-fidelity.md §6.2).
inline constexpr std::string_view supervisorFeature = "api-supervisor-monitoring";

/// Whether the user may supervise: ROLE_SUPERVISOR, and the feature on.
bool maySupervise(const DirectoryUser &user, const GwsConfig &config);

/// Gate::Supervisor: statusCode 5 for a user without ROLE_SUPERVISOR, then
/// statusCode 3 when the contact center lacks the feature; checked before parameters.
MaybeError supervisorAllowed(const DirectoryUser &user, const GwsConfig &config);

/// targetDeviceUri, supervisorMonitoringScope, supervisorMonitoringMode: TMonitorNextCall in
/// SIP Server's mute (ListenIn), coach (Coach) or connect (BargeIn) mode.
OperationPlan listenIn(const OperationInput &in);
OperationPlan coach(const OperationInput &in);
OperationPlan bargeIn(const OperationInput &in);
/// TCancelMonitoring; statusCode 2 unless monitoring is set up.
OperationPlan cancelSupervisorMonitoring(const OperationInput &in);

/// On the supervisor's monitoring call: its own party muted (listen-in) or heard (barge-in).
OperationPlan switchToListenIn(const OperationInput &in);
OperationPlan switchToBargeIn(const OperationInput &in);
/// On the supervisor's monitoring call: the monitored agent's party muted or not.
OperationPlan muteMonitoredUser(const OperationInput &in);
OperationPlan unmuteMonitoredUser(const OperationInput &in);

} /* namespace ctisim::api */
