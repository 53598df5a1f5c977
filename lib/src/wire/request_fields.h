/* SPDX-License-Identifier: MIT */
/*
 * The wire descriptions of the requests (each request's wireFields(), beside
 * its members in request.h) and of their results; the JSON and the binary
 * codec both visit them.
 *
 * Internal to lib/src/wire.
 */
#pragma once

#include <type_traits>
#include <variant>

#include "ctisim/backend.h"
#include "ctisim/request.h"

#include "snapshot_fields.h"

namespace ctisim::wire::codec {

template <class T, class Variant> struct IsAlternativeOf : std::false_type {
};
template <class T, class... Ts>
struct IsAlternativeOf<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {
};

template <class T>
concept RequestAlternative = IsAlternativeOf<T, Request>::value;

/// A request's description is its wireFields(), beside its members in request.h.
template <class V, RequestAlternative R> void fields(V &v, const R *)
{
	R::wireFields(v);
}

template <class V> void fields(V &v, const RequestResult *)
{
	using S = RequestResult;
	v("referenceId", &S::referenceId);
	v("errorCode", &S::errorCode);
	v("errorMessage", &S::errorMessage);
	v("newConnId", &S::newConnId);
	v("dn", &S::dn);
	v("calls", &S::calls);
}

} /* namespace ctisim::wire::codec */
