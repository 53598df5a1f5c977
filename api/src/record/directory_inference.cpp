/* SPDX-License-Identifier: MIT */
/*
 * DirectoryInference: queues, custom contacts, business attributes and groups
 * from the answers that show them, as the configuration keys that make a
 * sandbox show the same (dns[].name and .contactId, contacts, businessAttributes,
 * groups: docs/control-api.md, docs/recording.md).
 */
#include "ctisim/api/directory_inference.h"

#include <algorithm>

#include "ctisim/api/sandbox_config.h"
#include "ctisim/json/parse.h"
#include "ctisim/json/value.h"
#include "answer_fields.h"

namespace ctisim::api {

namespace {

using rapidjson::Value;

/// The first phone number of a contact: {phoneNumber, description}.
std::pair<std::string, std::string> firstPhone(const Value &contact)
{
	if (!contact.HasMember("phoneNumbers") || !contact["phoneNumbers"].IsArray() || contact["phoneNumbers"].Empty())
		return {};
	const Value &phone = contact["phoneNumbers"][0];
	return {stringMember(phone, "phoneNumber"), stringMember(phone, "description")};
}

/// The answer's userProperties [{"name": section, "value": [{"name", "value"}]}] as the
/// configuration writes them, {section: {key: value}}; false when it is not that shape.
bool userProperties(const Value &list, Value &out, rapidjson::Document::AllocatorType &a)
{
	if (!list.IsArray())
		return false;
	out.SetObject();
	for (const Value &section : list.GetArray()) {
		std::string name = stringMember(section, "name");
		if (name.empty() || !section.HasMember("value") || !section["value"].IsArray())
			return false;
		Value options(rapidjson::kObjectType);
		for (const Value &option : section["value"].GetArray()) {
			std::string key = stringMember(option, "name");
			if (key.empty() || !option.HasMember("value") || !option["value"].IsString())
				return false;
			options.AddMember(Value(key.c_str(), a), Value(option["value"], a), a);
		}
		out.AddMember(Value(name.c_str(), a), options, a);
	}
	return true;
}

/// The queues and routing points of the default configuration: those a setup need not type.
bool queueByDefault(const std::string &number)
{
	static const std::vector<DnConfig> dns = defaultSandboxConfig().switchConfig.dns;
	return std::any_of(dns.begin(), dns.end(), [&](const DnConfig &dn) {
		return dn.number == number && (dn.type == DnType::AcdQueue || dn.type == DnType::RoutingPoint);
	});
}

} /* namespace */

DirectoryInference::QueueFacts &DirectoryInference::queue(const std::string &number)
{
	auto it = std::find_if(queues_.begin(), queues_.end(), [&](const QueueFacts &q) { return q.number == number; });
	if (it != queues_.end())
		return *it;
	queues_.push_back({number, "", "", ""});
	return queues_.back();
}

DirectoryInference::GroupFacts &DirectoryInference::group(const std::string &id)
{
	auto it = std::find_if(groups_.begin(), groups_.end(), [&](const GroupFacts &g) { return g.id == id; });
	if (it != groups_.end())
		return *it;
	groups_.push_back({id, "", "", std::nullopt});
	return groups_.back();
}

void DirectoryInference::learnContact(const Value &contact, std::string_view from)
{
	std::string type = stringMember(contact, "type");
	std::string id = stringMember(contact, "id");
	std::string name = stringMember(contact, "name");
	auto [number, description] = firstPhone(contact);
	if (id.empty() || name.empty() || number.empty())
		return; /* projected away: nothing a setup could pin */
	if (type == "Queue") {
		QueueFacts &q = queue(number);
		q.name = name;
		q.contactId = id;
		if (q.from.empty())
			q.from = std::string(from);
		return;
	}
	if (type != "Custom")
		return;
	auto it = std::find_if(custom_.begin(), custom_.end(), [&](const CustomFacts &c) { return c.id == id; });
	if (it == custom_.end())
		custom_.push_back({id, name, number, description, std::string(from)});
}

void DirectoryInference::learnQueue(const Value &object, std::string_view from)
{
	std::string number = stringMember(object, "phoneNumber");
	std::string id = stringMember(object, "id");
	std::string name = stringMember(object, "name");
	if (number.empty() || id.empty() || name.empty())
		return;
	QueueFacts &q = queue(number);
	q.name = name;
	q.contactId = id;
	if (q.from.empty())
		q.from = std::string(from);
}

void DirectoryInference::learnAttribute(const Value &attribute, std::string_view from)
{
	std::string name = stringMember(attribute, "name");
	if (name.empty() || !attribute.HasMember("values") || !attribute["values"].IsArray())
		return;
	rapidjson::Document entry(rapidjson::kObjectType);
	auto &a = entry.GetAllocator();
	auto add = [&](Value &object, const Value &source, const char *key) {
		if (source.HasMember(key) && source[key].IsString())
			object.AddMember(rapidjson::StringRef(key), Value(source[key], a), a);
	};
	entry.AddMember("name", Value(name.c_str(), a), a);
	add(entry, attribute, "displayName");
	add(entry, attribute, "description");
	if (attribute.HasMember("userProperties")) {
		Value sections;
		if (!userProperties(attribute["userProperties"], sections, a))
			return;
		if (!sections.ObjectEmpty())
			entry.AddMember("userProperties", sections, a);
	}
	Value values(rapidjson::kArrayType);
	for (const Value &v : attribute["values"].GetArray()) {
		if (stringMember(v, "name").empty())
			return;
		Value value(rapidjson::kObjectType);
		add(value, v, "name");
		add(value, v, "displayName");
		add(value, v, "description");
		if (v.HasMember("default") && v["default"].IsBool() && v["default"].GetBool())
			value.AddMember("default", true, a);
		values.PushBack(value, a);
	}
	entry.AddMember("values", values, a);
	auto it = std::find_if(attributes_.begin(), attributes_.end(),
			       [&](const AttributeFacts &f) { return f.name == name; });
	if (it == attributes_.end())
		attributes_.push_back({name, json::write(entry), std::string(from)});
	else
		it->json = json::write(entry);
}

void DirectoryInference::learnGroup(const Value &object, std::string_view from,
				    std::optional<std::vector<std::string>> members)
{
	std::string id = stringMember(object, "id");
	std::string name = stringMember(object, "name");
	if (id.empty() || name.empty())
		return;
	GroupFacts &g = group(id);
	g.name = name;
	if (g.from.empty())
		g.from = std::string(from);
	if (members)
		g.members = std::move(members);
}

void DirectoryInference::learnGroupMembers(std::string_view id, std::vector<std::string> members, std::string_view from)
{
	GroupFacts &g = group(std::string(id));
	if (g.from.empty())
		g.from = std::string(from);
	g.members = std::move(members);
}

void DirectoryInference::addToSetup(rapidjson::Document &setup, const std::set<std::string> &userNames) const
{
	auto &a = setup.GetAllocator();
	auto str = [&](const std::string &s) {
		return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
	};
	if (!queues_.empty()) {
		Value dns(rapidjson::kArrayType);
		for (const QueueFacts &q : queues_) {
			Value dn(rapidjson::kObjectType);
			dn.AddMember("number", str(q.number), a);
			/* Queue or routing point, a contact does not say: a number the defaults lack is a queue. */
			if (!queueByDefault(q.number))
				dn.AddMember("type", "ACDQueue", a);
			if (q.name != q.number)
				dn.AddMember("name", str(q.name), a);
			dn.AddMember("contactId", str(q.contactId), a);
			dns.PushBack(dn, a);
		}
		setup.AddMember("dns", dns, a);
	}
	if (!custom_.empty()) {
		Value contacts(rapidjson::kArrayType);
		for (const CustomFacts &c : custom_) {
			Value contact(rapidjson::kObjectType);
			contact.AddMember("name", str(c.name), a);
			contact.AddMember("phoneNumber", str(c.number), a);
			if (!c.description.empty())
				contact.AddMember("description", str(c.description), a);
			contact.AddMember("id", str(c.id), a);
			contacts.PushBack(contact, a);
		}
		setup.AddMember("contacts", contacts, a);
	}
	if (!attributes_.empty()) {
		Value attributes(rapidjson::kArrayType);
		for (const AttributeFacts &f : attributes_) {
			rapidjson::Document entry;
			if (!json::parse(f.json, entry))
				attributes.PushBack(Value(entry, a), a);
		}
		setup.AddMember("businessAttributes", attributes, a);
	}
	if (!groups_.empty()) {
		Value groups(rapidjson::kArrayType);
		for (const GroupFacts &g : groups_) {
			if (g.name.empty())
				continue; /* only its members were read */
			Value entry(rapidjson::kObjectType);
			entry.AddMember("name", str(g.name), a);
			entry.AddMember("id", str(g.id), a);
			/* Supervisors or agents, the answer does not say; the order of the members is kept. */
			if (g.members) {
				Value agents(rapidjson::kArrayType);
				for (const std::string &member : *g.members) {
					if (userNames.count(member))
						agents.PushBack(str(member), a);
				}
				entry.AddMember("supervisors", Value(rapidjson::kArrayType), a);
				entry.AddMember("agents", agents, a);
			}
			groups.PushBack(entry, a);
		}
		setup.AddMember("groups", groups, a);
	}
}

void DirectoryInference::addInference(Value &inferred, Value &notInferred, rapidjson::Document::AllocatorType &a,
				      const std::set<std::string> &userNames) const
{
	auto add = [&](Value &list, const std::string &topic, const std::string &text) {
		list.AddMember(Value(topic.c_str(), a), Value(text.c_str(), a), a);
	};
	for (const QueueFacts &q : queues_) {
		add(inferred, "dns." + q.number + ".name", q.from);
		if (!queueByDefault(q.number))
			add(notInferred, "dns." + q.number + ".type",
			    "a Queue contact does not say whether it is an ACD queue or a routing point: ACDQueue");
	}
	for (const CustomFacts &c : custom_)
		add(inferred, "contacts." + c.name, c.from);
	if (custom_.empty() && queues_.empty())
		add(notInferred, "contacts", "no answer listed the contacts (GET /api/v2/contacts)");
	for (const AttributeFacts &f : attributes_)
		add(inferred, "businessAttributes." + f.name, f.from);
	if (attributes_.empty())
		add(notInferred, "businessAttributes", "no answer listed them (GET /internal-api/business-attributes)");
	for (const GroupFacts &g : groups_) {
		if (g.name.empty())
			continue;
		std::string topic = "groups." + g.name;
		add(inferred, topic, g.from);
		if (!g.members)
			add(notInferred, topic + ".members",
			    "no supervisor's answer listed them all (GET /api/v2/groups/{id}/users)");
		else if (std::any_of(g.members->begin(), g.members->end(),
				     [&](const std::string &m) { return !userNames.count(m); }))
			add(notInferred, topic + ".members", "members whose device no answer showed are left out");
	}
	if (groups_.empty())
		add(notInferred, "groups", "no answer listed the groups (GET /api/v2/groups?fields=...)");
	if (groupListPartial_)
		add(notInferred, "groups.other", "groups an agent's answers do not show (an agent sees its own only)");
	add(notInferred, "directory.removed",
	    "what the recorded system lacks of the sandbox's defaults (a default group, queue or attribute) stays in "
	    "the replay: a setup adds and replaces, it does not remove");
}

} /* namespace ctisim::api */
