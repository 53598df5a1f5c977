/* SPDX-License-Identifier: MIT */
/*
 * T-Server error codes (tliberr.h values) and their texts.
 */
#pragma once

namespace ctisim {

namespace terr {
inline constexpr int ResourceSeized = 42; ///< "Resource is already seized"
inline constexpr int InSameState = 43;	  ///< "Object is already in requested state"
inline constexpr int UnsupportedOperation = 51;
inline constexpr int Internal = 52;
inline constexpr int InvalidAttribute = 53; ///< "Invalid attribute value"
inline constexpr int NoSwitch = 54;	    ///< "No connection to the switch"
inline constexpr int InvalidConnId = 56;    ///< "Invalid ConnectionID"
inline constexpr int Timeout = 57;
inline constexpr int OutOfService = 58;
inline constexpr int NotConfigured = 59; ///< "DN is not configured in CME"
inline constexpr int InvalidCalledDn = 71;
inline constexpr int TerminatingPartyBusy = 91;
inline constexpr int DestinationInvalidState = 93;
inline constexpr int CannotCompleteConference = 96;
inline constexpr int CannotInitiateTransfer = 97;
inline constexpr int CannotCompleteTransfer = 98;
inline constexpr int CannotRetrieveOriginalCall = 99;
inline constexpr int BadParameter = 223;
inline constexpr int DnIsBusy = 231;
inline constexpr int NoAnswerAtDn = 232;
inline constexpr int CallRejected = 233;
inline constexpr int InvalidDestinationDn = 415;
inline constexpr int PartyNotOnCall = 470;
inline constexpr int CallInInvalidState = 496;
inline constexpr int AgentAlreadyLoggedIn = 1706;
inline constexpr int AgentNotLoggedIn = 1707;
} /* namespace terr */

/// The tliberr.h text of a code ("Invalid ConnectionID"); "Unrecognized error" if unknown.
const char *terrText(int code);

} /* namespace ctisim */
