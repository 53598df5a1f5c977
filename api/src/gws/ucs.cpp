/* SPDX-License-Identifier: MIT */
/*
 * UCS voice identification against the configured store: a phone number
 * (compared on its letters and digits, as the contacts directory does), an
 * e-mail address (case-insensitively) or a last name; a contact created when
 * asked to; the contact a call is about. Answered at once with a referenceId,
 * the outcome notified with it, as the two operation pages show.
 */
#include "ucs.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "ctisim/api/contact_directory.h"
#include "ctisim/api/directory_config.h"
#include "ctisim/api/traffic_observer.h"
#include "resource_reply.h"

namespace ctisim::api {

namespace {

bool sameText(std::string_view a, std::string_view b)
{
	return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
		       return std::tolower(static_cast<unsigned char>(x)) ==
			      std::tolower(static_cast<unsigned char>(y));
	       });
}

/// IdentifyUCSContact and SetCallContact need api-voice or api-ucs-voice (SetCallContact's page;
/// IdentifyUCSContact's names api-ucs-voice for voice).
MaybeError checkFeature(const GwsState &state)
{
	const DesktopConfig &desktop = state.config.desktop;
	if (desktop.hasFeature("api-ucs-voice") || desktop.hasFeature("api-voice"))
		return std::nullopt;
	return ApiError{status::Forbidden, "Feature api-ucs-voice is not enabled for this contact center"};
}

/// The operationName the body must have, else statusCode 10 as for any unknown operation.
MaybeError expectOperation(const RequestBody &body, std::string_view expected)
{
	std::string name;
	if (MaybeError error = body.operationName(name))
		return error;
	if (name != expected)
		return ApiError{status::InputValidation,
				fmt::format("Input validation error: unknown operationName '{}'", name)};
	return std::nullopt;
}

struct Identity {
	std::string phoneNumber, emailAddress, lastName;
};

bool identifies(const UcsContact &c, const Identity &who)
{
	auto anyOf = [](const std::vector<std::string> &list, auto same) {
		return std::any_of(list.begin(), list.end(), same);
	};
	if (!who.phoneNumber.empty() &&
	    anyOf(c.phoneNumbers, [&](const std::string &n) { return phoneKey(n) == phoneKey(who.phoneNumber); }))
		return true;
	if (!who.emailAddress.empty() &&
	    anyOf(c.emailAddresses, [&](const std::string &a) { return sameText(a, who.emailAddress); }))
		return true;
	return !who.lastName.empty() && sameText(c.lastName, who.lastName);
}

const UcsContact *findContact(const GwsState &state, const Identity &who)
{
	for (const std::vector<UcsContact> *store : {&state.config.ucsContacts, &state.ucs.created}) {
		auto it = std::find_if(store->begin(), store->end(),
				       [&](const UcsContact &c) { return identifies(c, who); });
		if (it != store->end())
			return &*it;
	}
	return nullptr;
}

bool knownContact(const GwsState &state, std::string_view id)
{
	auto same = [&](const UcsContact &c) { return c.id == id; };
	return std::any_of(state.config.ucsContacts.begin(), state.config.ucsContacts.end(), same) ||
	       std::any_of(state.ucs.created.begin(), state.ucs.created.end(), same);
}

/// {"data":{"referenceId":n,...},"channel":"/v2/me/ucs"} to the user's sessions.
template <class WriteFields>
void notify(GwsState &state, const UserView &view, std::uint64_t referenceId, WriteFields writeFields)
{
	rapidjson::StringBuffer buffer;
	json::Writer w(buffer);
	w.StartObject();
	writeKey(w, "data");
	w.StartObject();
	writeKey(w, "referenceId");
	w.Uint64(referenceId);
	writeFields(w);
	w.EndObject();
	writeKey(w, "channel");
	writeString(w, ucsChannel);
	w.EndObject();
	auto message = std::make_shared<const std::string>(jsonText(buffer));
	if (state.config.trafficObserver)
		state.config.trafficObserver->onNotification(view.user().userName, *message);
	state.notifier.publish(view.user().id, ucsChannel, std::move(message));
}

} /* namespace */

void postUcsContacts(GwsState &state, Exchange &ex, const UserView &view)
{
	RequestBody body;
	Identity who;
	std::string create = "false", mediaType;
	UserData userData;
	MaybeError error = checkFeature(state);
	if (!error)
		error = body.parse(ex.request.body);
	if (!error)
		error = expectOperation(body, "IdentifyUCSContact");
	for (auto [name, out] : {std::pair{"phoneNumber", &who.phoneNumber},
				 std::pair{"emailAddress", &who.emailAddress}, std::pair{"lastName", &who.lastName},
				 std::pair{"mediaType", &mediaType}, std::pair{"createContactEnabled", &create}}) {
		if (!error)
			error = body.string(name, false, *out);
	}
	if (!error)
		error = body.userData("userData", false, userData);
	if (!error && create != "true" && create != "false")
		error = invalid("createContactEnabled", "must be \"true\" or \"false\"");
	if (!error && who.phoneNumber.empty() && who.emailAddress.empty() && who.lastName.empty())
		error = ApiError{status::MissingParameter, "One of phoneNumber, emailAddress, lastName is required"};
	if (error)
		return state.fail(ex, *error);

	std::uint64_t referenceId = state.ucs.nextReference++;
	const UcsContact *found = findContact(state, who);
	if (!found && create == "true") {
		UcsContact created;
		created.lastName = who.lastName;
		if (!who.phoneNumber.empty())
			created.phoneNumbers.push_back(who.phoneNumber);
		if (!who.emailAddress.empty())
			created.emailAddresses.push_back(who.emailAddress);
		/* Ids of created contacts follow the order of creation: the same requests give the same ids. */
		created.id = fmt::format("ctisimUcs{:07d}", state.ucs.created.size() + 1);
		state.ucs.created.push_back(std::move(created));
		found = &state.ucs.created.back();
	}
	if (found) {
		std::string id = found->id;
		notify(state, view, referenceId, [&](json::Writer &w) {
			writeKey(w, "contactId");
			writeString(w, id);
		});
	} else {
		notify(state, view, referenceId, [&](json::Writer &w) {
			writeKey(w, "errorMessage");
			writeString(w, "No UCS contact matches");
		});
	}
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "referenceId");
		w.Uint64(referenceId);
	});
}

void postUcsInteraction(GwsState &state, Exchange &ex, const UserView &view, std::string_view interactionId)
{
	RequestBody body;
	std::string contactPath;
	MaybeError error = checkFeature(state);
	if (!error)
		error = body.parse(ex.request.body);
	if (!error)
		error = expectOperation(body, "SetCallContact");
	if (!error)
		error = body.string("contactPath", true, contactPath);
	std::string_view contactId = std::string_view(contactPath).substr(contactPath.rfind('/') + 1);
	if (!error && contactId.empty())
		error = invalid("contactPath", "must end with the contact's id, as in \"/path/{contactId}\"");
	/* The interaction of a voice call is the call: one the user is on (or was, for its wrap-up). */
	if (!error && !view.findById(interactionId) && !view.wasReleased(interactionId))
		error = ApiError{status::NotFound, fmt::format("Interaction {} not found", interactionId)};
	if (error)
		return state.fail(ex, *error);

	std::uint64_t referenceId = state.ucs.nextReference++;
	/* UCS would record the association in its interaction history, which no GWS resource reads back. */
	bool known = knownContact(state, contactId);
	notify(state, view, referenceId, [&](json::Writer &w) {
		writeKey(w, "messageType");
		writeString(w, "UcsOperationResponse");
		writeKey(w, "success");
		w.Bool(known);
		if (!known) {
			writeKey(w, "errorMessage");
			writeString(w, fmt::format("No UCS contact {}", contactId));
		}
	});
	state.respondOk(ex);
}

} /* namespace ctisim::api */
