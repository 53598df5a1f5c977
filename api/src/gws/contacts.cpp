/* SPDX-License-Identifier: MIT */
/*
 * The contact resource as the Contacts page prints it, a user's with its live
 * voice presence ("availability"), and the GetContacts query parameters.
 */
#include "contacts.h"

#include <algorithm>

#include <fmt/format.h>

#include "http_auth.h" /* api/src */
#include "list_params.h"
#include "resource_reply.h"

namespace ctisim::api {

namespace {

constexpr std::string_view namesOrNumbersFilter = "NamesOrPhoneNumberMatches";

bool onCall(const UserView &view)
{
	const std::vector<const TrackedCall *> calls = view.calls();
	return std::any_of(calls.begin(), calls.end(),
			   [](const TrackedCall *call) { return call->ownState != PartyState::Released; });
}

/// A logged-in user's voice channel: available when Ready, off any call and not in DND
/// (docs/api.md, "Contacts"). Nothing for a user who is not logged in.
void writeAvailability(json::Writer &w, const UserView &view, const GwsConfig &config)
{
	const DnSnapshot *dn = view.dn();
	if (!dn || dn->agentState == AgentState::LoggedOut)
		return;
	bool busy = onCall(view);
	writeKey(w, "availability");
	w.StartObject();
	writeKey(w, "channels");
	w.StartArray();
	w.StartObject();
	writeKey(w, "channel");
	writeString(w, "voice");
	writeKey(w, "available");
	w.Bool(dn->agentState == AgentState::Ready && !busy && !dn->dnd);
	writeKey(w, "phoneNumber");
	writeString(w, view.user().dn);
	writeKey(w, "userActivity");
	writeString(w, busy ? "Busy" : "Idle");
	writeKey(w, "userState");
	writeUserState(w, userStateOf(dn, view.reason(), config.desktop));
	w.EndObject();
	w.EndArray();
	w.EndObject();
}

/// The keys in the order of the Contacts page's sample: id, name, type, phoneNumbers,
/// then a user's userName ... roles, then uri and path.
void writeContact(json::Writer &w, GwsState &state, const Contact &contact)
{
	const GwsConfig &config = state.config;
	w.StartObject();
	writeKey(w, "id");
	writeString(w, contact.id);
	writeKey(w, "name");
	writeString(w, contact.name);
	writeKey(w, "type");
	writeString(w, toString(contact.type));
	if (!contact.phones.empty()) {
		writeKey(w, "phoneNumbers");
		w.StartArray();
		for (const ContactPhone &phone : contact.phones) {
			w.StartObject();
			writeKey(w, "phoneNumber");
			writeString(w, phone.number);
			writeKey(w, "description");
			writeString(w, phone.description);
			writeKey(w, "switchName");
			writeString(w, config.switchName);
			w.EndObject();
		}
		w.EndArray();
	}
	if (const DirectoryUser *user = contact.user) {
		writeKey(w, "userName");
		writeString(w, user->userName);
		writeKey(w, "firstName");
		writeString(w, user->firstName);
		writeKey(w, "lastName");
		writeString(w, user->lastName);
		/* ctisim's persons have no employee id; the key stays, as in the sample. */
		writeKey(w, "employeeId");
		writeString(w, "");
		writeKey(w, "emailAddress");
		writeString(w, "");
		if (const UserView *view = state.viewOf(user->id))
			writeAvailability(w, *view, config);
		writeKey(w, "businessUnits");
		w.StartArray();
		w.EndArray();
		writeKey(w, "roles");
		w.StartArray();
		for (const std::string &role : user->roles)
			writeString(w, role);
		w.EndArray();
	}
	writeKey(w, "uri");
	writeString(w, fmt::format("{}/api/v2/contacts/{}", config.publicBaseUrl, contact.id));
	writeKey(w, "path");
	writeString(w, "/contacts/" + contact.id);
	w.EndObject();
}

/// A comma list parameter, empty when absent.
std::vector<std::string> listParam(const HttpRequest &request, std::string_view name)
{
	std::optional<std::string> value = queryParam(request.query(), name);
	return value ? splitList(*value) : std::vector<std::string>();
}

MaybeError readQuery(const HttpRequest &request, ContactQuery &query)
{
	query.names = listParam(request, "name");
	query.phoneNumbers = listParam(request, "phoneNumber");
	query.channels = listParam(request, "channel");
	if (std::optional<std::string> type = queryParam(request.query(), "type")) {
		query.type = parseContactType(*type);
		if (!query.type)
			return ApiError{status::InputValidation, "Parameter type must be User, Queue or Custom"};
	}
	std::optional<std::string> filter = queryParam(request.query(), "filterName");
	if (!filter)
		return std::nullopt;
	if (*filter != namesOrNumbersFilter)
		return ApiError{status::InputValidation,
				fmt::format("Unknown filterName {} (the filter is {})", *filter, namesOrNumbersFilter)};
	for (std::string &pattern : listParam(request, "filterParameters")) {
		if (!pattern.empty())
			query.patterns.push_back(std::move(pattern));
	}
	if (query.patterns.empty())
		return ApiError{status::MissingParameter, "Parameter filterParameters is required by the filter"};
	return std::nullopt;
}

/// {id, name, channel, phoneNumber, uri, path}: what the RequestParameters example asks a queue for.
void writeQueue(json::Writer &w, const GwsConfig &config, const Contact &queue)
{
	w.StartObject();
	writeKey(w, "id");
	writeString(w, queue.id);
	writeKey(w, "name");
	writeString(w, queue.name);
	writeKey(w, "channel");
	writeString(w, "voice");
	writeKey(w, "phoneNumber");
	writeString(w, queue.phones.empty() ? std::string() : queue.phones.front().number);
	writeKey(w, "uri");
	writeString(w, fmt::format("{}/api/v2/queues/{}", config.publicBaseUrl, queue.id));
	writeKey(w, "path");
	writeString(w, "/queues/" + queue.id);
	w.EndObject();
}

} /* namespace */

void getContacts(GwsState &state, Exchange &ex)
{
	Page page;
	ContactQuery query;
	if (MaybeError error = parsePage(ex.request, state.config.maxListLimit, page))
		return state.fail(ex, *error);
	if (MaybeError error = readQuery(ex.request, query))
		return state.fail(ex, *error);
	FieldSelection fields = FieldSelection::of(ex.request);
	std::vector<const Contact *> found = state.contacts.search(query);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "totalCount");
		w.Uint64(found.size());
		writeKey(w, "contacts");
		w.StartArray();
		for (std::size_t i = page.begin(found.size()); i < page.end(found.size()); ++i)
			writeSelected(w, fields, [&](json::Writer &out) { writeContact(out, state, *found[i]); });
		w.EndArray();
	});
}

void getContact(GwsState &state, Exchange &ex, std::string_view id)
{
	const Contact *contact = state.contacts.findById(id);
	if (!contact)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Contact {} not found", id)});
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "contact");
		writeSelected(w, fields, [&](json::Writer &out) { writeContact(out, state, *contact); });
	});
}

void getQueues(GwsState &state, Exchange &ex)
{
	Page page;
	if (MaybeError error = parsePage(ex.request, state.config.maxListLimit, page))
		return state.fail(ex, *error);
	ContactQuery query;
	query.type = ContactType::Queue;
	query.channels = listParam(ex.request, "channel");
	std::vector<const Contact *> queues = state.contacts.search(query);
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, fields.given() ? "queues" : "uris");
		w.StartArray();
		for (std::size_t i = page.begin(queues.size()); i < page.end(queues.size()); ++i) {
			if (!fields.given()) {
				writeString(w, fmt::format("{}/api/v2/queues/{}", state.config.publicBaseUrl,
							   queues[i]->id));
				continue;
			}
			writeSelected(w, fields, [&](json::Writer &out) { writeQueue(out, state.config, *queues[i]); });
		}
		w.EndArray();
	});
}

void getQueue(GwsState &state, Exchange &ex, std::string_view id)
{
	const Contact *queue = state.contacts.findById(id);
	if (!queue || queue->type != ContactType::Queue)
		return state.fail(ex, ApiError{status::NotFound, fmt::format("Queue {} not found", id)});
	FieldSelection fields = FieldSelection::of(ex.request);
	respondResource(state, ex, [&](json::Writer &w) {
		writeKey(w, "queue");
		writeSelected(w, fields, [&](json::Writer &out) { writeQueue(out, state.config, *queue); });
	});
}

} /* namespace ctisim::api */
