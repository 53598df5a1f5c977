/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the user-data requests: AttachUserData, UpdateUserData,
 * DeleteUserData (one key), DeleteAllUserData on a call's attached data, and
 * SendUserEvent, which distributes data to a DN's listeners.
 */
#include "ctisim/tserver_error.h"

#include "switch_core.h"

namespace ctisim::sim {

void SwitchCore::announceUserData(Call &call, const Dn &requester)
{
	std::vector<Dn> order;
	if (call.party(requester))
		order.push_back(requester);
	for (const Party &party : call.parties) {
		if (party.dn != requester)
			order.push_back(party.dn);
	}
	for (const Dn &dn : order) {
		Event &event = emit(EventType::AttachedDataChanged, dn, &call);
		if (dn != requester) {
			event.thirdPartyDn = requester;
		}
	}
}

void SwitchCore::addUserData(Call &call, const UserData &data, const Dn &requester)
{
	if (data.empty())
		return;
	call.userData.update(data);
	announceUserData(call, requester);
}

int SwitchCore::changeUserData(const Dn &thisDn, ConnId id, const UserData &data, bool attach)
{
	PartyOnCall my;
	if (int code = findParty(id, thisDn, my))
		return code;
	Call *call = my.call;
	if (data.empty())
		return terr::InvalidAttribute;
	if (attach)
		call->userData.attach(data);
	else
		call->userData.update(data);
	announceUserData(*call, thisDn);
	return 0;
}

int SwitchCore::handle(const req::AttachUserData &r)
{
	return changeUserData(r.thisDn, r.connId, r.userData, true);
}

int SwitchCore::handle(const req::UpdateUserData &r)
{
	return changeUserData(r.thisDn, r.connId, r.userData, false);
}

int SwitchCore::handle(const req::DeleteUserData &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, my))
		return code;
	if (!my.call->userData.contains(r.key))
		return terr::InvalidAttribute;
	my.call->userData.erase(r.key);
	announceUserData(*my.call, r.thisDn);
	return 0;
}

int SwitchCore::handle(const req::DeleteAllUserData &r)
{
	PartyOnCall my;
	if (int code = findParty(r.connId, r.thisDn, my))
		return code;
	my.call->userData.clear();
	announceUserData(*my.call, r.thisDn);
	return 0;
}

/* TSendUserEvent: "T-Server does not check the contents of the data structure, but copies the
 * data structure attributes into EventUserEvent, then distributes it to the client(s) registered
 * on the telephony object specified by the dn". So a call that has ended is no error (GWS sends
 * a released call's disposition this way), and no call snapshot is added: the event says what
 * its sender said and nothing of a call its listeners may not be on. */
int SwitchCore::handle(const req::SendUserEvent &r)
{
	Event &event = emit(EventType::UserEvent, r.thisDn, nullptr);
	event.connId = r.connId;
	event.callUuid = r.callUuid;
	event.userData = r.userData;
	return 0;
}

} /* namespace ctisim::sim */
