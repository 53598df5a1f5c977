/* SPDX-License-Identifier: MIT */
/*
 * Handlers of the attached-data requests: AttachUserData, UpdateUserData,
 * DeleteUserData (one key), DeleteAllUserData.
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

} /* namespace ctisim::sim */
