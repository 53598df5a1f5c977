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

/// Whether the user has the supervisor's role (Gate::Supervisor refuses others with statusCode 5).
bool hasSupervisorRole(const DirectoryUser &user);

/// Whether the user may supervise: the role, and the gate's feature on (desktop-fidelity.md §6.2).
bool maySupervise(const DirectoryUser &user, const GwsConfig &config);

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
