/* SPDX-License-Identifier: MIT */
/*
 * The wire description of an event (its call and DN snapshots are in
 * snapshot_fields.h); the JSON and the binary codec both visit it.
 *
 * Internal to lib/src/wire.
 */
#pragma once

#include "ctisim/event.h"

#include "snapshot_fields.h"

namespace ctisim::wire::codec {

/// Without "type": written as "event" by writeEvent.
template <class V> void fields(V &v, const Event *)
{
	using S = Event;
	v("referenceId", &S::referenceId);
	v("sequence", &S::sequence);
	v("time", &S::time);
	v("thisDn", &S::thisDn);
	v("thisDnRole", &S::thisDnRole);
	v("otherDn", &S::otherDn);
	v("otherDnRole", &S::otherDnRole);
	v("thirdPartyDn", &S::thirdPartyDn);
	v("thirdPartyDnRole", &S::thirdPartyDnRole);
	v("connId", &S::connId);
	v("callUuid", &S::callUuid);
	v("previousConnId", &S::previousConnId);
	v("callState", &S::callState);
	v("callType", &S::callType);
	v("digits", &S::digits);
	v("errorCode", &S::errorCode);
	v("errorMessage", &S::errorMessage);
	v("failedRequest", &S::failedRequest);
	v("extensions", &S::extensions);
	v("reasons", &S::reasons);
	v("userData", &S::userData);
	v("monitorType", &S::monitorType);
	v("dn", &S::dn);
	v("call", &S::call);
}

} /* namespace ctisim::wire::codec */
