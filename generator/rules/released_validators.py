"""The quick validators of the schemas this release ships, as rules/schema.py generates them: written ahead,
so that no check compiles them (rules/schema.py, `_shipped`). Written by `make released-validators`;
tests/test_rules_schema.py fails when this is not what the seed's schemas generate. Do not edit."""
# ruff: noqa
# mypy: ignore-errors
import re
from decimal import Decimal

from .quick import Invalid as JsonSchemaValueException
from .quick import Invalid as JsonSchemaValuesException
from .quick import SearchOnly

NoneType = type(None)

REGEX_PATTERNS = {
    '^@[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$': SearchOnly('^@[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'),
    '^[a-z][a-z0-9-]*$': SearchOnly('^[a-z][a-z0-9-]*$'),
    '^[a-z0-9][a-z0-9-]*$': SearchOnly('^[a-z0-9][a-z0-9-]*$'),
    '^[a-z][a-z0-9]*$': SearchOnly('^[a-z][a-z0-9]*$'),
    '^[a-z0-9-]+\\.chitty\\.cc$': SearchOnly('^[a-z0-9-]+\\.chitty\\.cc$'),
    'uri_re_pattern': re.compile('^[A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#]+(?:[/?#]\\S*)?$'),
    '^[A-Z][A-Z0-9_]*$': SearchOnly('^[A-Z][A-Z0-9_]*$'),
    '^ *(?:[Tt]ier[ _-]?)?[0-5](?:[^0-9].*)?$': SearchOnly('^ *(?:[Tt]ier[ _-]?)?[0-5](?:[^0-9].*)?$'),
    '^[a-z][a-z0-9-]{0,39}$': SearchOnly('^[a-z][a-z0-9-]{0,39}$'),
    '^[0-9a-f]{7,64}$': SearchOnly('^[0-9a-f]{7,64}$'),
    '^[0-9a-f]{64}$': SearchOnly('^[0-9a-f]{64}$'),
    '^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$': SearchOnly('^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'),
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': SearchOnly('^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    '^(federation|codeowners)/[a-z0-9-]+$': SearchOnly('^(federation|codeowners)/[a-z0-9-]+$'),
    '^.+:[0-9]+:[0-9]+$': SearchOnly('^.+:[0-9]+:[0-9]+$'),
    '^.+:[0-9]+$': SearchOnly('^.+:[0-9]+$'),
    '^(https://|ssh://|file://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)\\S+$': SearchOnly('^(https://|ssh://|file://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)\\S+$'),
    '^[A-Za-z0-9._][A-Za-z0-9._/-]{0,199}$': SearchOnly('^[A-Za-z0-9._][A-Za-z0-9._/-]{0,199}$'),
    '^[0-9a-f]{40}$': SearchOnly('^[0-9a-f]{40}$'),
    '^[a-z][a-z0-9_]*$': SearchOnly('^[a-z][a-z0-9_]*$'),
}


def validate_https___get_chitty_cc_schemas_getchitty_access_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['roles', 'gates']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "principles" in data_keys:
            data_keys.remove("principles")
            data__principles = data["principles"]
            if not isinstance(data__principles, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__principles_is_list = isinstance(data__principles, (list, tuple))
            if data__principles_is_list:
                data__principles_len = len(data__principles)
                for data__principles_x, data__principles_item in enumerate(data__principles):
                    if not isinstance(data__principles_item, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__principles_item, str):
                        data__principles_item_len = len(data__principles_item)
                        if data__principles_item_len < 1:
                            raise JsonSchemaValueException("invalid")
        if "roles" in data_keys:
            data_keys.remove("roles")
            data__roles = data["roles"]
            if not isinstance(data__roles, (dict)):
                raise JsonSchemaValueException("invalid")
            data__roles_is_dict = isinstance(data__roles, dict)
            if data__roles_is_dict:
                data__roles_len = len(data__roles)
                if data__roles_len < 1:
                    raise JsonSchemaValueException("invalid")
                data__roles_keys = set(data__roles.keys())
                for data__roles_key in data__roles_keys:
                    if data__roles_key not in []:
                        data__roles_value = data__roles.get(data__roles_key)
                        if not isinstance(data__roles_value, (dict)):
                            raise JsonSchemaValueException("invalid")
                        data__roles_value_is_dict = isinstance(data__roles_value, dict)
                        if data__roles_value_is_dict:
                            data__roles_value__missing_keys = set(['description']) - data__roles_value.keys()
                            if data__roles_value__missing_keys:
                                raise JsonSchemaValueException("invalid")
                            data__roles_value_keys = set(data__roles_value.keys())
                            if "description" in data__roles_value_keys:
                                data__roles_value_keys.remove("description")
                                data__roles_value__description = data__roles_value["description"]
                                if not isinstance(data__roles_value__description, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__roles_value__description, str):
                                    data__roles_value__description_len = len(data__roles_value__description)
                                    if data__roles_value__description_len < 1:
                                        raise JsonSchemaValueException("invalid")
                            if "team" in data__roles_value_keys:
                                data__roles_value_keys.remove("team")
                                data__roles_value__team = data__roles_value["team"]
                                if not isinstance(data__roles_value__team, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__roles_value__team, str):
                                    if not REGEX_PATTERNS['^@[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'].search(data__roles_value__team):
                                        raise JsonSchemaValueException("invalid")
                            if data__roles_value_keys:
                                raise JsonSchemaValueException("invalid")
                if data__roles_len != 0:
                    data__roles_property_names = True
                    for data__roles_key in data__roles:
                        try:
                            if isinstance(data__roles_key, str):
                                if not REGEX_PATTERNS['^[a-z][a-z0-9-]*$'].search(data__roles_key):
                                    raise JsonSchemaValueException("invalid")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__roles_property_names = False
                    if not data__roles_property_names:
                        raise JsonSchemaValueException("invalid")
        if "gates" in data_keys:
            data_keys.remove("gates")
            data__gates = data["gates"]
            if not isinstance(data__gates, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__gates_is_list = isinstance(data__gates, (list, tuple))
            if data__gates_is_list:
                data__gates_len = len(data__gates)
                for data__gates_x, data__gates_item in enumerate(data__gates):
                    if not isinstance(data__gates_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__gates_item_is_dict = isinstance(data__gates_item, dict)
                    if data__gates_item_is_dict:
                        data__gates_item__missing_keys = set(['name', 'paths', 'labels']) - data__gates_item.keys()
                        if data__gates_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__gates_item_keys = set(data__gates_item.keys())
                        if "name" in data__gates_item_keys:
                            data__gates_item_keys.remove("name")
                            data__gates_item__name = data__gates_item["name"]
                            if not isinstance(data__gates_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__gates_item__name, str):
                                if not REGEX_PATTERNS['^[a-z0-9][a-z0-9-]*$'].search(data__gates_item__name):
                                    raise JsonSchemaValueException("invalid")
                        if "description" in data__gates_item_keys:
                            data__gates_item_keys.remove("description")
                            data__gates_item__description = data__gates_item["description"]
                            if not isinstance(data__gates_item__description, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "paths" in data__gates_item_keys:
                            data__gates_item_keys.remove("paths")
                            data__gates_item__paths = data__gates_item["paths"]
                            if not isinstance(data__gates_item__paths, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__gates_item__paths_is_list = isinstance(data__gates_item__paths, (list, tuple))
                            if data__gates_item__paths_is_list:
                                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                                data__gates_item__paths_len = len(data__gates_item__paths)
                                if data__gates_item__paths_len > len(set(fn(data__gates_item__paths_x) for data__gates_item__paths_x in data__gates_item__paths)):
                                    raise JsonSchemaValueException("invalid")
                                for data__gates_item__paths_x, data__gates_item__paths_item in enumerate(data__gates_item__paths):
                                    if not isinstance(data__gates_item__paths_item, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__gates_item__paths_item, str):
                                        data__gates_item__paths_item_len = len(data__gates_item__paths_item)
                                        if data__gates_item__paths_item_len < 1:
                                            raise JsonSchemaValueException("invalid")
                        if "labels" in data__gates_item_keys:
                            data__gates_item_keys.remove("labels")
                            data__gates_item__labels = data__gates_item["labels"]
                            if not isinstance(data__gates_item__labels, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__gates_item__labels_is_list = isinstance(data__gates_item__labels, (list, tuple))
                            if data__gates_item__labels_is_list:
                                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                                data__gates_item__labels_len = len(data__gates_item__labels)
                                if data__gates_item__labels_len > len(set(fn(data__gates_item__labels_x) for data__gates_item__labels_x in data__gates_item__labels)):
                                    raise JsonSchemaValueException("invalid")
                                for data__gates_item__labels_x, data__gates_item__labels_item in enumerate(data__gates_item__labels):
                                    if not isinstance(data__gates_item__labels_item, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__gates_item__labels_item, str):
                                        data__gates_item__labels_item_len = len(data__gates_item__labels_item)
                                        if data__gates_item__labels_item_len < 1:
                                            raise JsonSchemaValueException("invalid")
                        if "reviewers" in data__gates_item_keys:
                            data__gates_item_keys.remove("reviewers")
                            data__gates_item__reviewers = data__gates_item["reviewers"]
                            if not isinstance(data__gates_item__reviewers, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__gates_item__reviewers_is_list = isinstance(data__gates_item__reviewers, (list, tuple))
                            if data__gates_item__reviewers_is_list:
                                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                                data__gates_item__reviewers_len = len(data__gates_item__reviewers)
                                if data__gates_item__reviewers_len > len(set(fn(data__gates_item__reviewers_x) for data__gates_item__reviewers_x in data__gates_item__reviewers)):
                                    raise JsonSchemaValueException("invalid")
                                for data__gates_item__reviewers_x, data__gates_item__reviewers_item in enumerate(data__gates_item__reviewers):
                                    if not isinstance(data__gates_item__reviewers_item, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__gates_item__reviewers_item, str):
                                        data__gates_item__reviewers_item_len = len(data__gates_item__reviewers_item)
                                        if data__gates_item__reviewers_item_len < 1:
                                            raise JsonSchemaValueException("invalid")
                        if data__gates_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "cadence" in data_keys:
            data_keys.remove("cadence")
            data__cadence = data["cadence"]
            if not isinstance(data__cadence, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__cadence_is_list = isinstance(data__cadence, (list, tuple))
            if data__cadence_is_list:
                data__cadence_len = len(data__cadence)
                for data__cadence_x, data__cadence_item in enumerate(data__cadence):
                    if not isinstance(data__cadence_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__cadence_item_is_dict = isinstance(data__cadence_item, dict)
                    if data__cadence_item_is_dict:
                        data__cadence_item__missing_keys = set(['review', 'when']) - data__cadence_item.keys()
                        if data__cadence_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__cadence_item_keys = set(data__cadence_item.keys())
                        if "review" in data__cadence_item_keys:
                            data__cadence_item_keys.remove("review")
                            data__cadence_item__review = data__cadence_item["review"]
                            if not isinstance(data__cadence_item__review, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__cadence_item__review, str):
                                data__cadence_item__review_len = len(data__cadence_item__review)
                                if data__cadence_item__review_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "when" in data__cadence_item_keys:
                            data__cadence_item_keys.remove("when")
                            data__cadence_item__when = data__cadence_item["when"]
                            if not isinstance(data__cadence_item__when, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__cadence_item__when, str):
                                data__cadence_item__when_len = len(data__cadence_item__when)
                                if data__cadence_item__when_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "role" in data__cadence_item_keys:
                            data__cadence_item_keys.remove("role")
                            data__cadence_item__role = data__cadence_item["role"]
                            if not isinstance(data__cadence_item__role, (str)):
                                raise JsonSchemaValueException("invalid")
                        if data__cadence_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "audit" in data_keys:
            data_keys.remove("audit")
            data__audit = data["audit"]
            if not isinstance(data__audit, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__audit_is_list = isinstance(data__audit, (list, tuple))
            if data__audit_is_list:
                data__audit_len = len(data__audit)
                for data__audit_x, data__audit_item in enumerate(data__audit):
                    if not isinstance(data__audit_item, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__audit_item, str):
                        data__audit_item_len = len(data__audit_item)
                        if data__audit_item_len < 1:
                            raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_composite_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['service_name', 'entity_type', 'status', 'owners', 'components']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "service_name" in data_keys:
            data_keys.remove("service_name")
            data__servicename = data["service_name"]
            if not isinstance(data__servicename, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__servicename, str):
                if not REGEX_PATTERNS['^[a-z][a-z0-9]*$'].search(data__servicename):
                    raise JsonSchemaValueException("invalid")
        if "entity_type" in data_keys:
            data_keys.remove("entity_type")
            data__entitytype = data["entity_type"]
            if not isinstance(data__entitytype, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__entitytype, str) and data__entitytype == 'Composite'):
                raise JsonSchemaValueException("invalid")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not isinstance(data__status, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__status, str) and data__status == 'Planned' or isinstance(data__status, str) and data__status == 'In Progress' or isinstance(data__status, str) and data__status == 'Needs Deployment' or isinstance(data__status, str) and data__status == 'Registered' or isinstance(data__status, str) and data__status == 'Live' or isinstance(data__status, str) and data__status == 'Active' or isinstance(data__status, str) and data__status == 'Deprecated'):
                raise JsonSchemaValueException("invalid")
        if "owners" in data_keys:
            data_keys.remove("owners")
            data__owners = data["owners"]
            if not isinstance(data__owners, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__owners_is_list = isinstance(data__owners, (list, tuple))
            if data__owners_is_list:
                data__owners_len = len(data__owners)
                if data__owners_len < 1:
                    raise JsonSchemaValueException("invalid")
                for data__owners_x, data__owners_item in enumerate(data__owners):
                    if not isinstance(data__owners_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "owner_entity" in data_keys:
            data_keys.remove("owner_entity")
            data__ownerentity = data["owner_entity"]
            if not isinstance(data__ownerentity, (str)):
                raise JsonSchemaValueException("invalid")
        if "components" in data_keys:
            data_keys.remove("components")
            data__components = data["components"]
            if not isinstance(data__components, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__components_is_list = isinstance(data__components, (list, tuple))
            if data__components_is_list:
                data__components_len = len(data__components)
                if data__components_len < 2:
                    raise JsonSchemaValueException("invalid")
                for data__components_x, data__components_item in enumerate(data__components):
                    if not isinstance(data__components_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__components_item_is_dict = isinstance(data__components_item, dict)
                    if data__components_item_is_dict:
                        data__components_item__missing_keys = set(['name', 'entity_type']) - data__components_item.keys()
                        if data__components_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__components_item_keys = set(data__components_item.keys())
                        if "name" in data__components_item_keys:
                            data__components_item_keys.remove("name")
                            data__components_item__name = data__components_item["name"]
                            if not isinstance(data__components_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "entity_type" in data__components_item_keys:
                            data__components_item_keys.remove("entity_type")
                            data__components_item__entitytype = data__components_item["entity_type"]
                            if not isinstance(data__components_item__entitytype, (str)):
                                raise JsonSchemaValueException("invalid")
                            if not (isinstance(data__components_item__entitytype, str) and data__components_item__entitytype == 'Service' or isinstance(data__components_item__entitytype, str) and data__components_item__entitytype == 'DataLayer' or isinstance(data__components_item__entitytype, str) and data__components_item__entitytype == 'Infrastructure'):
                                raise JsonSchemaValueException("invalid")
                        if data__components_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "primary_domain" in data_keys:
            data_keys.remove("primary_domain")
            data__primarydomain = data["primary_domain"]
            if not isinstance(data__primarydomain, (str)):
                raise JsonSchemaValueException("invalid")
        if "routes" in data_keys:
            data_keys.remove("routes")
            data__routes = data["routes"]
            if not isinstance(data__routes, (dict)):
                raise JsonSchemaValueException("invalid")
        if "aliases" in data_keys:
            data_keys.remove("aliases")
            data__aliases = data["aliases"]
            if not isinstance(data__aliases, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__aliases_is_list = isinstance(data__aliases, (list, tuple))
            if data__aliases_is_list:
                data__aliases_len = len(data__aliases)
                for data__aliases_x, data__aliases_item in enumerate(data__aliases):
                    if not isinstance(data__aliases_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "related_entities" in data_keys:
            data_keys.remove("related_entities")
            data__relatedentities = data["related_entities"]
            if not isinstance(data__relatedentities, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__relatedentities_is_list = isinstance(data__relatedentities, (list, tuple))
            if data__relatedentities_is_list:
                data__relatedentities_len = len(data__relatedentities)
                for data__relatedentities_x, data__relatedentities_item in enumerate(data__relatedentities):
                    if not isinstance(data__relatedentities_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "description" in data_keys:
            data_keys.remove("description")
            data__description = data["description"]
            if not isinstance(data__description, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__description, str):
                data__description_len = len(data__description)
                if data__description_len < 1:
                    raise JsonSchemaValueException("invalid")
        if "notes" in data_keys:
            data_keys.remove("notes")
            data__notes = data["notes"]
            if not isinstance(data__notes, (str)):
                raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_data_layer_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['service_name', 'entity_type', 'status', 'owners', 'data_classification', 'retention_policy']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "service_name" in data_keys:
            data_keys.remove("service_name")
            data__servicename = data["service_name"]
            if not isinstance(data__servicename, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__servicename, str):
                if not REGEX_PATTERNS['^[a-z][a-z0-9]*$'].search(data__servicename):
                    raise JsonSchemaValueException("invalid")
        if "entity_type" in data_keys:
            data_keys.remove("entity_type")
            data__entitytype = data["entity_type"]
            if not isinstance(data__entitytype, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__entitytype, str) and data__entitytype == 'DataLayer'):
                raise JsonSchemaValueException("invalid")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not isinstance(data__status, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__status, str) and data__status == 'Planned' or isinstance(data__status, str) and data__status == 'In Progress' or isinstance(data__status, str) and data__status == 'Needs Deployment' or isinstance(data__status, str) and data__status == 'Registered' or isinstance(data__status, str) and data__status == 'Live' or isinstance(data__status, str) and data__status == 'Active' or isinstance(data__status, str) and data__status == 'Deprecated'):
                raise JsonSchemaValueException("invalid")
        if "owners" in data_keys:
            data_keys.remove("owners")
            data__owners = data["owners"]
            if not isinstance(data__owners, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__owners_is_list = isinstance(data__owners, (list, tuple))
            if data__owners_is_list:
                data__owners_len = len(data__owners)
                if data__owners_len < 1:
                    raise JsonSchemaValueException("invalid")
                for data__owners_x, data__owners_item in enumerate(data__owners):
                    if not isinstance(data__owners_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "owner_entity" in data_keys:
            data_keys.remove("owner_entity")
            data__ownerentity = data["owner_entity"]
            if not isinstance(data__ownerentity, (str)):
                raise JsonSchemaValueException("invalid")
        if "data_classification" in data_keys:
            data_keys.remove("data_classification")
            data__dataclassification = data["data_classification"]
            if not isinstance(data__dataclassification, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__dataclassification, str) and data__dataclassification == 'Public' or isinstance(data__dataclassification, str) and data__dataclassification == 'Internal' or isinstance(data__dataclassification, str) and data__dataclassification == 'Confidential' or isinstance(data__dataclassification, str) and data__dataclassification == 'Restricted'):
                raise JsonSchemaValueException("invalid")
        if "retention_policy" in data_keys:
            data_keys.remove("retention_policy")
            data__retentionpolicy = data["retention_policy"]
            if not isinstance(data__retentionpolicy, (str)):
                raise JsonSchemaValueException("invalid")
        if "jurisdiction" in data_keys:
            data_keys.remove("jurisdiction")
            data__jurisdiction = data["jurisdiction"]
            if not isinstance(data__jurisdiction, (str)):
                raise JsonSchemaValueException("invalid")
        if "sovereignty" in data_keys:
            data_keys.remove("sovereignty")
            data__sovereignty = data["sovereignty"]
            if not isinstance(data__sovereignty, (str)):
                raise JsonSchemaValueException("invalid")
        if "schema_topics" in data_keys:
            data_keys.remove("schema_topics")
            data__schematopics = data["schema_topics"]
            if not isinstance(data__schematopics, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__schematopics_is_list = isinstance(data__schematopics, (list, tuple))
            if data__schematopics_is_list:
                data__schematopics_len = len(data__schematopics)
                for data__schematopics_x, data__schematopics_item in enumerate(data__schematopics):
                    if not isinstance(data__schematopics_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "classification_status" in data_keys:
            data_keys.remove("classification_status")
            data__classificationstatus = data["classification_status"]
            if not isinstance(data__classificationstatus, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__classificationstatus, str) and data__classificationstatus == 'Final' or isinstance(data__classificationstatus, str) and data__classificationstatus == 'PendingDecision'):
                raise JsonSchemaValueException("invalid")
        if "aliases" in data_keys:
            data_keys.remove("aliases")
            data__aliases = data["aliases"]
            if not isinstance(data__aliases, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__aliases_is_list = isinstance(data__aliases, (list, tuple))
            if data__aliases_is_list:
                data__aliases_len = len(data__aliases)
                for data__aliases_x, data__aliases_item in enumerate(data__aliases):
                    if not isinstance(data__aliases_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "related_layers" in data_keys:
            data_keys.remove("related_layers")
            data__relatedlayers = data["related_layers"]
            if not isinstance(data__relatedlayers, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__relatedlayers_is_list = isinstance(data__relatedlayers, (list, tuple))
            if data__relatedlayers_is_list:
                data__relatedlayers_len = len(data__relatedlayers)
                for data__relatedlayers_x, data__relatedlayers_item in enumerate(data__relatedlayers):
                    if not isinstance(data__relatedlayers_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "category" in data_keys:
            data_keys.remove("category")
            data__category = data["category"]
            if not isinstance(data__category, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__category, str) and data__category == 'Governance' or isinstance(data__category, str) and data__category == 'Foundation' or isinstance(data__category, str) and data__category == 'Core' or isinstance(data__category, str) and data__category == 'Data' or isinstance(data__category, str) and data__category == 'Registry' or isinstance(data__category, str) and data__category == 'Platform' or isinstance(data__category, str) and data__category == 'Domain' or isinstance(data__category, str) and data__category == 'Sync' or isinstance(data__category, str) and data__category == 'Application'):
                raise JsonSchemaValueException("invalid")
        else: data["category"] = 'Data'
        if "description" in data_keys:
            data_keys.remove("description")
            data__description = data["description"]
            if not isinstance(data__description, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__description, str):
                data__description_len = len(data__description)
                if data__description_len < 1:
                    raise JsonSchemaValueException("invalid")
        if "primary_domain" in data_keys:
            data_keys.remove("primary_domain")
            data__primarydomain = data["primary_domain"]
            if not isinstance(data__primarydomain, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__primarydomain, str):
                if not REGEX_PATTERNS['^[a-z0-9-]+\\.chitty\\.cc$'].search(data__primarydomain):
                    raise JsonSchemaValueException("invalid")
        if "github_repo" in data_keys:
            data_keys.remove("github_repo")
            data__githubrepo = data["github_repo"]
            if not isinstance(data__githubrepo, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__githubrepo, str):
                if not REGEX_PATTERNS["uri_re_pattern"].match(data__githubrepo):
                    raise JsonSchemaValueException("invalid")
        if "ontology" in data_keys:
            data_keys.remove("ontology")
            data__ontology = data["ontology"]
            if not isinstance(data__ontology, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__ontology_is_list = isinstance(data__ontology, (list, tuple))
            if data__ontology_is_list:
                data__ontology_len = len(data__ontology)
                for data__ontology_x, data__ontology_item in enumerate(data__ontology):
                    if not isinstance(data__ontology_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "depends_on" in data_keys:
            data_keys.remove("depends_on")
            data__dependson = data["depends_on"]
            if not isinstance(data__dependson, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__dependson_is_list = isinstance(data__dependson, (list, tuple))
            if data__dependson_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__dependson_len = len(data__dependson)
                if data__dependson_len > len(set(fn(data__dependson_x) for data__dependson_x in data__dependson)):
                    raise JsonSchemaValueException("invalid")
                for data__dependson_x, data__dependson_item in enumerate(data__dependson):
                    if not isinstance(data__dependson_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "secrets" in data_keys:
            data_keys.remove("secrets")
            data__secrets = data["secrets"]
            if not isinstance(data__secrets, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__secrets_is_list = isinstance(data__secrets, (list, tuple))
            if data__secrets_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__secrets_len = len(data__secrets)
                if data__secrets_len > len(set(fn(data__secrets_x) for data__secrets_x in data__secrets)):
                    raise JsonSchemaValueException("invalid")
                for data__secrets_x, data__secrets_item in enumerate(data__secrets):
                    if not isinstance(data__secrets_item, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__secrets_item, str):
                        if not REGEX_PATTERNS['^[A-Z][A-Z0-9_]*$'].search(data__secrets_item):
                            raise JsonSchemaValueException("invalid")
        if "tier" in data_keys:
            data_keys.remove("tier")
            data__tier = data["tier"]
            if not isinstance(data__tier, (int, str)) and not (isinstance(data__tier, float) and data__tier.is_integer()) or isinstance(data__tier, bool):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__tier, str):
                if not REGEX_PATTERNS['^ *(?:[Tt]ier[ _-]?)?[0-5](?:[^0-9].*)?$'].search(data__tier):
                    raise JsonSchemaValueException("invalid")
            if isinstance(data__tier, (int, float, Decimal)) and not isinstance(data__tier, bool):
                if data__tier < 0:
                    raise JsonSchemaValueException("invalid")
                if data__tier > 5:
                    raise JsonSchemaValueException("invalid")
        if "board" in data_keys:
            data_keys.remove("board")
            data__board = data["board"]
            if not isinstance(data__board, (dict)):
                raise JsonSchemaValueException("invalid")
            data__board_is_dict = isinstance(data__board, dict)
            if data__board_is_dict:
                data__board__missing_keys = set(['status']) - data__board.keys()
                if data__board__missing_keys:
                    raise JsonSchemaValueException("invalid")
                data__board_keys = set(data__board.keys())
                if "status" in data__board_keys:
                    data__board_keys.remove("status")
                    data__board__status = data__board["status"]
                    validate_https___get_chitty_cc_schemas_getchitty_data_layer_schema_json__properties_status(data__board__status, custom_formats, (name_prefix or "data") + ".board.status")
                if "label" in data__board_keys:
                    data__board_keys.remove("label")
                    data__board__label = data__board["label"]
                    if not isinstance(data__board__label, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__board__label, str):
                        data__board__label_len = len(data__board__label)
                        if data__board__label_len < 1:
                            raise JsonSchemaValueException("invalid")
                if "layer" in data__board_keys:
                    data__board_keys.remove("layer")
                    data__board__layer = data__board["layer"]
                    if not isinstance(data__board__layer, (int)) and not (isinstance(data__board__layer, float) and data__board__layer.is_integer()) or isinstance(data__board__layer, bool):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__board__layer, (int, float, Decimal)) and not isinstance(data__board__layer, bool):
                        if data__board__layer < 0:
                            raise JsonSchemaValueException("invalid")
                        if data__board__layer > 8:
                            raise JsonSchemaValueException("invalid")
                if data__board_keys:
                    raise JsonSchemaValueException("invalid")
        if "notes" in data_keys:
            data_keys.remove("notes")
            data__notes = data["notes"]
            if not isinstance(data__notes, (str)):
                raise JsonSchemaValueException("invalid")
        if "storage" in data_keys:
            data_keys.remove("storage")
            data__storage = data["storage"]
            if not isinstance(data__storage, (str)):
                raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data

def validate_https___get_chitty_cc_schemas_getchitty_data_layer_schema_json__properties_status(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("invalid")
    if not (isinstance(data, str) and data == 'Planned' or isinstance(data, str) and data == 'In Progress' or isinstance(data, str) and data == 'Needs Deployment' or isinstance(data, str) and data == 'Registered' or isinstance(data, str) and data == 'Live' or isinstance(data, str) and data == 'Active' or isinstance(data, str) and data == 'Deprecated'):
        raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_layers_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['layers']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "layers" in data_keys:
            data_keys.remove("layers")
            data__layers = data["layers"]
            if not isinstance(data__layers, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__layers_is_list = isinstance(data__layers, (list, tuple))
            if data__layers_is_list:
                data__layers_len = len(data__layers)
                if data__layers_len < 1:
                    raise JsonSchemaValueException("invalid")
                for data__layers_x, data__layers_item in enumerate(data__layers):
                    if not isinstance(data__layers_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__layers_item_is_dict = isinstance(data__layers_item, dict)
                    if data__layers_item_is_dict:
                        data__layers_item__missing_keys = set(['number', 'name', 'category']) - data__layers_item.keys()
                        if data__layers_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__layers_item_keys = set(data__layers_item.keys())
                        if "number" in data__layers_item_keys:
                            data__layers_item_keys.remove("number")
                            data__layers_item__number = data__layers_item["number"]
                            if not isinstance(data__layers_item__number, (int)) and not (isinstance(data__layers_item__number, float) and data__layers_item__number.is_integer()) or isinstance(data__layers_item__number, bool):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__layers_item__number, (int, float, Decimal)) and not isinstance(data__layers_item__number, bool):
                                if data__layers_item__number < 0:
                                    raise JsonSchemaValueException("invalid")
                                if data__layers_item__number > 8:
                                    raise JsonSchemaValueException("invalid")
                        if "name" in data__layers_item_keys:
                            data__layers_item_keys.remove("name")
                            data__layers_item__name = data__layers_item["name"]
                            if not isinstance(data__layers_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__layers_item__name, str):
                                data__layers_item__name_len = len(data__layers_item__name)
                                if data__layers_item__name_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "category" in data__layers_item_keys:
                            data__layers_item_keys.remove("category")
                            data__layers_item__category = data__layers_item["category"]
                            if not (isinstance(data__layers_item__category, str) and data__layers_item__category == 'Governance' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Foundation' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Core' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Data' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Registry' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Platform' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Domain' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Sync' or isinstance(data__layers_item__category, str) and data__layers_item__category == 'Application'):
                                raise JsonSchemaValueException("invalid")
                        if "summary" in data__layers_item_keys:
                            data__layers_item_keys.remove("summary")
                            data__layers_item__summary = data__layers_item["summary"]
                            if not isinstance(data__layers_item__summary, (str)):
                                raise JsonSchemaValueException("invalid")
                        if data__layers_item_keys:
                            raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_levels_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['levels']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "intro" in data_keys:
            data_keys.remove("intro")
            data__intro = data["intro"]
            if not isinstance(data__intro, (str)):
                raise JsonSchemaValueException("invalid")
        if "levels" in data_keys:
            data_keys.remove("levels")
            data__levels = data["levels"]
            if not isinstance(data__levels, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__levels_is_list = isinstance(data__levels, (list, tuple))
            if data__levels_is_list:
                data__levels_len = len(data__levels)
                if data__levels_len < 1:
                    raise JsonSchemaValueException("invalid")
                for data__levels_x, data__levels_item in enumerate(data__levels):
                    if not isinstance(data__levels_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__levels_item_is_dict = isinstance(data__levels_item, dict)
                    if data__levels_item_is_dict:
                        data__levels_item__missing_keys = set(['name', 'summary', 'families']) - data__levels_item.keys()
                        if data__levels_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__levels_item_keys = set(data__levels_item.keys())
                        if "name" in data__levels_item_keys:
                            data__levels_item_keys.remove("name")
                            data__levels_item__name = data__levels_item["name"]
                            if not isinstance(data__levels_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__levels_item__name, str):
                                data__levels_item__name_len = len(data__levels_item__name)
                                if data__levels_item__name_len < 1:
                                    raise JsonSchemaValueException("invalid")
                                if data__levels_item__name_len > 40:
                                    raise JsonSchemaValueException("invalid")
                        if "summary" in data__levels_item_keys:
                            data__levels_item_keys.remove("summary")
                            data__levels_item__summary = data__levels_item["summary"]
                            if not isinstance(data__levels_item__summary, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__levels_item__summary, str):
                                data__levels_item__summary_len = len(data__levels_item__summary)
                                if data__levels_item__summary_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "families" in data__levels_item_keys:
                            data__levels_item_keys.remove("families")
                            data__levels_item__families = data__levels_item["families"]
                            if not isinstance(data__levels_item__families, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__levels_item__families_is_list = isinstance(data__levels_item__families, (list, tuple))
                            if data__levels_item__families_is_list:
                                data__levels_item__families_len = len(data__levels_item__families)
                                if data__levels_item__families_len < 1:
                                    raise JsonSchemaValueException("invalid")
                                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                                if data__levels_item__families_len > len(set(fn(data__levels_item__families_x) for data__levels_item__families_x in data__levels_item__families)):
                                    raise JsonSchemaValueException("invalid")
                                for data__levels_item__families_x, data__levels_item__families_item in enumerate(data__levels_item__families):
                                    if not isinstance(data__levels_item__families_item, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__levels_item__families_item, str):
                                        if not REGEX_PATTERNS['^[a-z][a-z0-9-]{0,39}$'].search(data__levels_item__families_item):
                                            raise JsonSchemaValueException("invalid")
                        if data__levels_item_keys:
                            raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_lock_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['sources']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "about" in data_keys:
            data_keys.remove("about")
            data__about = data["about"]
            if not isinstance(data__about, (str)):
                raise JsonSchemaValueException("invalid")
        if "sources" in data_keys:
            data_keys.remove("sources")
            data__sources = data["sources"]
            if not isinstance(data__sources, (dict)):
                raise JsonSchemaValueException("invalid")
            data__sources_is_dict = isinstance(data__sources, dict)
            if data__sources_is_dict:
                data__sources_keys = set(data__sources.keys())
                for data__sources_key in data__sources_keys:
                    if data__sources_key not in []:
                        data__sources_value = data__sources.get(data__sources_key)
                        if not isinstance(data__sources_value, (dict)):
                            raise JsonSchemaValueException("invalid")
                        data__sources_value_is_dict = isinstance(data__sources_value, dict)
                        if data__sources_value_is_dict:
                            data__sources_value__missing_keys = set(['commit']) - data__sources_value.keys()
                            if data__sources_value__missing_keys:
                                raise JsonSchemaValueException("invalid")
                            data__sources_value_keys = set(data__sources_value.keys())
                            if "commit" in data__sources_value_keys:
                                data__sources_value_keys.remove("commit")
                                data__sources_value__commit = data__sources_value["commit"]
                                if not isinstance(data__sources_value__commit, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__sources_value__commit, str):
                                    if not REGEX_PATTERNS['^[0-9a-f]{7,64}$'].search(data__sources_value__commit):
                                        raise JsonSchemaValueException("invalid")
                            if "date" in data__sources_value_keys:
                                data__sources_value_keys.remove("date")
                                data__sources_value__date = data__sources_value["date"]
                                if not isinstance(data__sources_value__date, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "ref" in data__sources_value_keys:
                                data__sources_value_keys.remove("ref")
                                data__sources_value__ref = data__sources_value["ref"]
                                if not isinstance(data__sources_value__ref, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "location" in data__sources_value_keys:
                                data__sources_value_keys.remove("location")
                                data__sources_value__location = data__sources_value["location"]
                                if not isinstance(data__sources_value__location, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "readers" in data__sources_value_keys:
                                data__sources_value_keys.remove("readers")
                                data__sources_value__readers = data__sources_value["readers"]
                                if not isinstance(data__sources_value__readers, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "snapshot" in data__sources_value_keys:
                                data__sources_value_keys.remove("snapshot")
                                data__sources_value__snapshot = data__sources_value["snapshot"]
                                if not isinstance(data__sources_value__snapshot, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "digest" in data__sources_value_keys:
                                data__sources_value_keys.remove("digest")
                                data__sources_value__digest = data__sources_value["digest"]
                                if not isinstance(data__sources_value__digest, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__sources_value__digest, str):
                                    if not REGEX_PATTERNS['^[0-9a-f]{64}$'].search(data__sources_value__digest):
                                        raise JsonSchemaValueException("invalid")
                            if data__sources_value_keys:
                                raise JsonSchemaValueException("invalid")
                data__sources_len = len(data__sources)
                if data__sources_len != 0:
                    data__sources_property_names = True
                    for data__sources_key in data__sources:
                        try:
                            if isinstance(data__sources_key, str):
                                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'].search(data__sources_key):
                                    raise JsonSchemaValueException("invalid")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__sources_property_names = False
                    if not data__sources_property_names:
                        raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_ontology_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['domains', 'capabilities']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "intro" in data_keys:
            data_keys.remove("intro")
            data__intro = data["intro"]
            if not isinstance(data__intro, (str)):
                raise JsonSchemaValueException("invalid")
        if "domains" in data_keys:
            data_keys.remove("domains")
            data__domains = data["domains"]
            if not isinstance(data__domains, (dict)):
                raise JsonSchemaValueException("invalid")
            data__domains_is_dict = isinstance(data__domains, dict)
            if data__domains_is_dict:
                data__domains_len = len(data__domains)
                if data__domains_len < 1:
                    raise JsonSchemaValueException("invalid")
                data__domains_keys = set(data__domains.keys())
                for data__domains_key in data__domains_keys:
                    if data__domains_key not in []:
                        data__domains_value = data__domains.get(data__domains_key)
                        if not isinstance(data__domains_value, (dict)):
                            raise JsonSchemaValueException("invalid")
                        data__domains_value_is_dict = isinstance(data__domains_value, dict)
                        if data__domains_value_is_dict:
                            data__domains_value__missing_keys = set(['description']) - data__domains_value.keys()
                            if data__domains_value__missing_keys:
                                raise JsonSchemaValueException("invalid")
                            data__domains_value_keys = set(data__domains_value.keys())
                            if "description" in data__domains_value_keys:
                                data__domains_value_keys.remove("description")
                                data__domains_value__description = data__domains_value["description"]
                                if not isinstance(data__domains_value__description, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__domains_value__description, str):
                                    data__domains_value__description_len = len(data__domains_value__description)
                                    if data__domains_value__description_len < 1:
                                        raise JsonSchemaValueException("invalid")
                            if data__domains_value_keys:
                                raise JsonSchemaValueException("invalid")
                if data__domains_len != 0:
                    data__domains_property_names = True
                    for data__domains_key in data__domains:
                        try:
                            if isinstance(data__domains_key, str):
                                if not REGEX_PATTERNS['^[a-z][a-z0-9-]*$'].search(data__domains_key):
                                    raise JsonSchemaValueException("invalid")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__domains_property_names = False
                    if not data__domains_property_names:
                        raise JsonSchemaValueException("invalid")
        if "capabilities" in data_keys:
            data_keys.remove("capabilities")
            data__capabilities = data["capabilities"]
            if not isinstance(data__capabilities, (dict)):
                raise JsonSchemaValueException("invalid")
            data__capabilities_is_dict = isinstance(data__capabilities, dict)
            if data__capabilities_is_dict:
                data__capabilities_len = len(data__capabilities)
                if data__capabilities_len < 1:
                    raise JsonSchemaValueException("invalid")
                data__capabilities_keys = set(data__capabilities.keys())
                for data__capabilities_key in data__capabilities_keys:
                    if data__capabilities_key not in []:
                        data__capabilities_value = data__capabilities.get(data__capabilities_key)
                        if not isinstance(data__capabilities_value, (dict)):
                            raise JsonSchemaValueException("invalid")
                        data__capabilities_value_is_dict = isinstance(data__capabilities_value, dict)
                        if data__capabilities_value_is_dict:
                            data__capabilities_value__missing_keys = set(['description']) - data__capabilities_value.keys()
                            if data__capabilities_value__missing_keys:
                                raise JsonSchemaValueException("invalid")
                            data__capabilities_value_keys = set(data__capabilities_value.keys())
                            if "description" in data__capabilities_value_keys:
                                data__capabilities_value_keys.remove("description")
                                data__capabilities_value__description = data__capabilities_value["description"]
                                if not isinstance(data__capabilities_value__description, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__capabilities_value__description, str):
                                    data__capabilities_value__description_len = len(data__capabilities_value__description)
                                    if data__capabilities_value__description_len < 1:
                                        raise JsonSchemaValueException("invalid")
                            if data__capabilities_value_keys:
                                raise JsonSchemaValueException("invalid")
                if data__capabilities_len != 0:
                    data__capabilities_property_names = True
                    for data__capabilities_key in data__capabilities:
                        try:
                            if isinstance(data__capabilities_key, str):
                                if not REGEX_PATTERNS['^[a-z][a-z0-9-]*$'].search(data__capabilities_key):
                                    raise JsonSchemaValueException("invalid")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__capabilities_property_names = False
                    if not data__capabilities_property_names:
                        raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_roadmap_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['items']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "intro" in data_keys:
            data_keys.remove("intro")
            data__intro = data["intro"]
            if not isinstance(data__intro, (str)):
                raise JsonSchemaValueException("invalid")
        if "items" in data_keys:
            data_keys.remove("items")
            data__items = data["items"]
            if not isinstance(data__items, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__items_is_list = isinstance(data__items, (list, tuple))
            if data__items_is_list:
                data__items_len = len(data__items)
                for data__items_x, data__items_item in enumerate(data__items):
                    if not isinstance(data__items_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__items_item_is_dict = isinstance(data__items_item, dict)
                    if data__items_item_is_dict:
                        data__items_item__missing_keys = set(['id', 'title', 'gap', 'action', 'status']) - data__items_item.keys()
                        if data__items_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__items_item_keys = set(data__items_item.keys())
                        if "id" in data__items_item_keys:
                            data__items_item_keys.remove("id")
                            data__items_item__id = data__items_item["id"]
                            if not isinstance(data__items_item__id, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__id, str):
                                if not REGEX_PATTERNS['^[a-z0-9][a-z0-9-]*$'].search(data__items_item__id):
                                    raise JsonSchemaValueException("invalid")
                        if "title" in data__items_item_keys:
                            data__items_item_keys.remove("title")
                            data__items_item__title = data__items_item["title"]
                            if not isinstance(data__items_item__title, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__title, str):
                                data__items_item__title_len = len(data__items_item__title)
                                if data__items_item__title_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "gap" in data__items_item_keys:
                            data__items_item_keys.remove("gap")
                            data__items_item__gap = data__items_item["gap"]
                            if not isinstance(data__items_item__gap, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__gap, str):
                                data__items_item__gap_len = len(data__items_item__gap)
                                if data__items_item__gap_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "action" in data__items_item_keys:
                            data__items_item_keys.remove("action")
                            data__items_item__action = data__items_item["action"]
                            if not isinstance(data__items_item__action, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__action, str):
                                data__items_item__action_len = len(data__items_item__action)
                                if data__items_item__action_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "status" in data__items_item_keys:
                            data__items_item_keys.remove("status")
                            data__items_item__status = data__items_item["status"]
                            if not (isinstance(data__items_item__status, str) and data__items_item__status == 'open' or isinstance(data__items_item__status, str) and data__items_item__status == 'in-progress' or isinstance(data__items_item__status, str) and data__items_item__status == 'done'):
                                raise JsonSchemaValueException("invalid")
                        if "services" in data__items_item_keys:
                            data__items_item_keys.remove("services")
                            data__items_item__services = data__items_item["services"]
                            if not isinstance(data__items_item__services, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__items_item__services_is_list = isinstance(data__items_item__services, (list, tuple))
                            if data__items_item__services_is_list:
                                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                                data__items_item__services_len = len(data__items_item__services)
                                if data__items_item__services_len > len(set(fn(data__items_item__services_x) for data__items_item__services_x in data__items_item__services)):
                                    raise JsonSchemaValueException("invalid")
                                for data__items_item__services_x, data__items_item__services_item in enumerate(data__items_item__services):
                                    if not isinstance(data__items_item__services_item, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__items_item__services_item, str):
                                        data__items_item__services_item_len = len(data__items_item__services_item)
                                        if data__items_item__services_item_len < 1:
                                            raise JsonSchemaValueException("invalid")
                        if "state" in data__items_item_keys:
                            data__items_item_keys.remove("state")
                            data__items_item__state = data__items_item["state"]
                            if not isinstance(data__items_item__state, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__state, str):
                                data__items_item__state_len = len(data__items_item__state)
                                if data__items_item__state_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "evidence" in data__items_item_keys:
                            data__items_item_keys.remove("evidence")
                            data__items_item__evidence = data__items_item["evidence"]
                            if not isinstance(data__items_item__evidence, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__items_item__evidence_is_list = isinstance(data__items_item__evidence, (list, tuple))
                            if data__items_item__evidence_is_list:
                                data__items_item__evidence_len = len(data__items_item__evidence)
                                for data__items_item__evidence_x, data__items_item__evidence_item in enumerate(data__items_item__evidence):
                                    if not isinstance(data__items_item__evidence_item, (dict)):
                                        raise JsonSchemaValueException("invalid")
                                    data__items_item__evidence_item_is_dict = isinstance(data__items_item__evidence_item, dict)
                                    if data__items_item__evidence_item_is_dict:
                                        data__items_item__evidence_item__missing_keys = set(['source', 'note']) - data__items_item__evidence_item.keys()
                                        if data__items_item__evidence_item__missing_keys:
                                            raise JsonSchemaValueException("invalid")
                                        data__items_item__evidence_item_keys = set(data__items_item__evidence_item.keys())
                                        if "source" in data__items_item__evidence_item_keys:
                                            data__items_item__evidence_item_keys.remove("source")
                                            data__items_item__evidence_item__source = data__items_item__evidence_item["source"]
                                            if not isinstance(data__items_item__evidence_item__source, (str)):
                                                raise JsonSchemaValueException("invalid")
                                            if isinstance(data__items_item__evidence_item__source, str):
                                                data__items_item__evidence_item__source_len = len(data__items_item__evidence_item__source)
                                                if data__items_item__evidence_item__source_len < 1:
                                                    raise JsonSchemaValueException("invalid")
                                        if "note" in data__items_item__evidence_item_keys:
                                            data__items_item__evidence_item_keys.remove("note")
                                            data__items_item__evidence_item__note = data__items_item__evidence_item["note"]
                                            if not isinstance(data__items_item__evidence_item__note, (str)):
                                                raise JsonSchemaValueException("invalid")
                                            if isinstance(data__items_item__evidence_item__note, str):
                                                data__items_item__evidence_item__note_len = len(data__items_item__evidence_item__note)
                                                if data__items_item__evidence_item__note_len < 1:
                                                    raise JsonSchemaValueException("invalid")
                                        if data__items_item__evidence_item_keys:
                                            raise JsonSchemaValueException("invalid")
                        if "owner" in data__items_item_keys:
                            data__items_item_keys.remove("owner")
                            data__items_item__owner = data__items_item["owner"]
                            if not isinstance(data__items_item__owner, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__owner, str):
                                data__items_item__owner_len = len(data__items_item__owner)
                                if data__items_item__owner_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "target" in data__items_item_keys:
                            data__items_item_keys.remove("target")
                            data__items_item__target = data__items_item["target"]
                            if not isinstance(data__items_item__target, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__items_item__target, str):
                                if not REGEX_PATTERNS['^[0-9]{4}-[0-9]{2}-[0-9]{2}$'].search(data__items_item__target):
                                    raise JsonSchemaValueException("invalid")
                        if data__items_item_keys:
                            raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_scopes_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['scopes']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "scopes" in data_keys:
            data_keys.remove("scopes")
            data__scopes = data["scopes"]
            if not isinstance(data__scopes, (dict)):
                raise JsonSchemaValueException("invalid")
            data__scopes_is_dict = isinstance(data__scopes, dict)
            if data__scopes_is_dict:
                data__scopes_keys = set(data__scopes.keys())
                for data__scopes_key in data__scopes_keys:
                    if data__scopes_key not in []:
                        data__scopes_value = data__scopes.get(data__scopes_key)
                        if not isinstance(data__scopes_value, (list, tuple)):
                            raise JsonSchemaValueException("invalid")
                        data__scopes_value_is_list = isinstance(data__scopes_value, (list, tuple))
                        if data__scopes_value_is_list:
                            def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                            data__scopes_value_len = len(data__scopes_value)
                            if data__scopes_value_len > len(set(fn(data__scopes_value_x) for data__scopes_value_x in data__scopes_value)):
                                raise JsonSchemaValueException("invalid")
                            for data__scopes_value_x, data__scopes_value_item in enumerate(data__scopes_value):
                                if not isinstance(data__scopes_value_item, (str)):
                                    raise JsonSchemaValueException("invalid")
        if "review" in data_keys:
            data_keys.remove("review")
            data__review = data["review"]
            if not isinstance(data__review, (dict)):
                raise JsonSchemaValueException("invalid")
            data__review_is_dict = isinstance(data__review, dict)
            if data__review_is_dict:
                data__review_keys = set(data__review.keys())
                if "required_labels" in data__review_keys:
                    data__review_keys.remove("required_labels")
                    data__review__requiredlabels = data__review["required_labels"]
                    if not isinstance(data__review__requiredlabels, (list, tuple)):
                        raise JsonSchemaValueException("invalid")
                    data__review__requiredlabels_is_list = isinstance(data__review__requiredlabels, (list, tuple))
                    if data__review__requiredlabels_is_list:
                        def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                        data__review__requiredlabels_len = len(data__review__requiredlabels)
                        if data__review__requiredlabels_len > len(set(fn(data__review__requiredlabels_x) for data__review__requiredlabels_x in data__review__requiredlabels)):
                            raise JsonSchemaValueException("invalid")
                        for data__review__requiredlabels_x, data__review__requiredlabels_item in enumerate(data__review__requiredlabels):
                            if not isinstance(data__review__requiredlabels_item, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__review__requiredlabels_item, str):
                                data__review__requiredlabels_item_len = len(data__review__requiredlabels_item)
                                if data__review__requiredlabels_item_len < 1:
                                    raise JsonSchemaValueException("invalid")
                if data__review_keys:
                    raise JsonSchemaValueException("invalid")
        if "enforcement" in data_keys:
            data_keys.remove("enforcement")
            data__enforcement = data["enforcement"]
            if not isinstance(data__enforcement, (str)):
                raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_secrets_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['naming', 'secrets']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "naming" in data_keys:
            data_keys.remove("naming")
            data__naming = data["naming"]
            if not isinstance(data__naming, (dict)):
                raise JsonSchemaValueException("invalid")
            data__naming_is_dict = isinstance(data__naming, dict)
            if data__naming_is_dict:
                data__naming__missing_keys = set(['env_name', 'service_token']) - data__naming.keys()
                if data__naming__missing_keys:
                    raise JsonSchemaValueException("invalid")
                data__naming_keys = set(data__naming.keys())
                if "env_name" in data__naming_keys:
                    data__naming_keys.remove("env_name")
                    data__naming__envname = data__naming["env_name"]
                    if not isinstance(data__naming__envname, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__naming__envname, str):
                        if not custom_formats["regex"](data__naming__envname):
                            raise JsonSchemaValueException("invalid")
                if "service_token" in data__naming_keys:
                    data__naming_keys.remove("service_token")
                    data__naming__servicetoken = data__naming["service_token"]
                    if not isinstance(data__naming__servicetoken, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__naming__servicetoken, str):
                        if not custom_formats["regex"](data__naming__servicetoken):
                            raise JsonSchemaValueException("invalid")
                if "summary" in data__naming_keys:
                    data__naming_keys.remove("summary")
                    data__naming__summary = data__naming["summary"]
                    if not isinstance(data__naming__summary, (str)):
                        raise JsonSchemaValueException("invalid")
                if "standards" in data__naming_keys:
                    data__naming_keys.remove("standards")
                    data__naming__standards = data__naming["standards"]
                    if not isinstance(data__naming__standards, (list, tuple)):
                        raise JsonSchemaValueException("invalid")
                    data__naming__standards_is_list = isinstance(data__naming__standards, (list, tuple))
                    if data__naming__standards_is_list:
                        data__naming__standards_len = len(data__naming__standards)
                        for data__naming__standards_x, data__naming__standards_item in enumerate(data__naming__standards):
                            if not isinstance(data__naming__standards_item, (dict)):
                                raise JsonSchemaValueException("invalid")
                            data__naming__standards_item_is_dict = isinstance(data__naming__standards_item, dict)
                            if data__naming__standards_item_is_dict:
                                data__naming__standards_item__missing_keys = set(['pattern', 'status']) - data__naming__standards_item.keys()
                                if data__naming__standards_item__missing_keys:
                                    raise JsonSchemaValueException("invalid")
                                data__naming__standards_item_keys = set(data__naming__standards_item.keys())
                                if "pattern" in data__naming__standards_item_keys:
                                    data__naming__standards_item_keys.remove("pattern")
                                    data__naming__standards_item__pattern = data__naming__standards_item["pattern"]
                                    if not isinstance(data__naming__standards_item__pattern, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__naming__standards_item__pattern, str):
                                        if not custom_formats["regex"](data__naming__standards_item__pattern):
                                            raise JsonSchemaValueException("invalid")
                                if "status" in data__naming__standards_item_keys:
                                    data__naming__standards_item_keys.remove("status")
                                    data__naming__standards_item__status = data__naming__standards_item["status"]
                                    if not (isinstance(data__naming__standards_item__status, str) and data__naming__standards_item__status == 'preferred' or isinstance(data__naming__standards_item__status, str) and data__naming__standards_item__status == 'legacy'):
                                        raise JsonSchemaValueException("invalid")
                                if "summary" in data__naming__standards_item_keys:
                                    data__naming__standards_item_keys.remove("summary")
                                    data__naming__standards_item__summary = data__naming__standards_item["summary"]
                                    if not isinstance(data__naming__standards_item__summary, (str)):
                                        raise JsonSchemaValueException("invalid")
                                if "source" in data__naming__standards_item_keys:
                                    data__naming__standards_item_keys.remove("source")
                                    data__naming__standards_item__source = data__naming__standards_item["source"]
                                    if not isinstance(data__naming__standards_item__source, (str)):
                                        raise JsonSchemaValueException("invalid")
                                if data__naming__standards_item_keys:
                                    raise JsonSchemaValueException("invalid")
                if data__naming_keys:
                    raise JsonSchemaValueException("invalid")
        if "sources_of_truth" in data_keys:
            data_keys.remove("sources_of_truth")
            data__sourcesoftruth = data["sources_of_truth"]
            if not isinstance(data__sourcesoftruth, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__sourcesoftruth_is_list = isinstance(data__sourcesoftruth, (list, tuple))
            if data__sourcesoftruth_is_list:
                data__sourcesoftruth_len = len(data__sourcesoftruth)
                for data__sourcesoftruth_x, data__sourcesoftruth_item in enumerate(data__sourcesoftruth):
                    if not isinstance(data__sourcesoftruth_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__sourcesoftruth_item_is_dict = isinstance(data__sourcesoftruth_item, dict)
                    if data__sourcesoftruth_item_is_dict:
                        data__sourcesoftruth_item__missing_keys = set(['name', 'holds']) - data__sourcesoftruth_item.keys()
                        if data__sourcesoftruth_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__sourcesoftruth_item_keys = set(data__sourcesoftruth_item.keys())
                        if "name" in data__sourcesoftruth_item_keys:
                            data__sourcesoftruth_item_keys.remove("name")
                            data__sourcesoftruth_item__name = data__sourcesoftruth_item["name"]
                            if not isinstance(data__sourcesoftruth_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sourcesoftruth_item__name, str):
                                data__sourcesoftruth_item__name_len = len(data__sourcesoftruth_item__name)
                                if data__sourcesoftruth_item__name_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "holds" in data__sourcesoftruth_item_keys:
                            data__sourcesoftruth_item_keys.remove("holds")
                            data__sourcesoftruth_item__holds = data__sourcesoftruth_item["holds"]
                            if not isinstance(data__sourcesoftruth_item__holds, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sourcesoftruth_item__holds, str):
                                data__sourcesoftruth_item__holds_len = len(data__sourcesoftruth_item__holds)
                                if data__sourcesoftruth_item__holds_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if data__sourcesoftruth_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "provisioning" in data_keys:
            data_keys.remove("provisioning")
            data__provisioning = data["provisioning"]
            if not isinstance(data__provisioning, (dict)):
                raise JsonSchemaValueException("invalid")
            data__provisioning_is_dict = isinstance(data__provisioning, dict)
            if data__provisioning_is_dict:
                data__provisioning_keys = set(data__provisioning.keys())
                for data__provisioning_key in data__provisioning_keys:
                    if data__provisioning_key not in []:
                        data__provisioning_value = data__provisioning.get(data__provisioning_key)
                        if not isinstance(data__provisioning_value, (str)):
                            raise JsonSchemaValueException("invalid")
        if "rotation" in data_keys:
            data_keys.remove("rotation")
            data__rotation = data["rotation"]
            if not isinstance(data__rotation, (dict)):
                raise JsonSchemaValueException("invalid")
            data__rotation_is_dict = isinstance(data__rotation, dict)
            if data__rotation_is_dict:
                data__rotation__missing_keys = set(['default_days']) - data__rotation.keys()
                if data__rotation__missing_keys:
                    raise JsonSchemaValueException("invalid")
                data__rotation_keys = set(data__rotation.keys())
                if "default_days" in data__rotation_keys:
                    data__rotation_keys.remove("default_days")
                    data__rotation__defaultdays = data__rotation["default_days"]
                    if not isinstance(data__rotation__defaultdays, (int)) and not (isinstance(data__rotation__defaultdays, float) and data__rotation__defaultdays.is_integer()) or isinstance(data__rotation__defaultdays, bool):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__rotation__defaultdays, (int, float, Decimal)) and not isinstance(data__rotation__defaultdays, bool):
                        if data__rotation__defaultdays < 1:
                            raise JsonSchemaValueException("invalid")
                if "on_incident" in data__rotation_keys:
                    data__rotation_keys.remove("on_incident")
                    data__rotation__onincident = data__rotation["on_incident"]
                    if not isinstance(data__rotation__onincident, (str)):
                        raise JsonSchemaValueException("invalid")
                if data__rotation_keys:
                    raise JsonSchemaValueException("invalid")
        if "audit" in data_keys:
            data_keys.remove("audit")
            data__audit = data["audit"]
            if not isinstance(data__audit, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__audit_is_list = isinstance(data__audit, (list, tuple))
            if data__audit_is_list:
                data__audit_len = len(data__audit)
                for data__audit_x, data__audit_item in enumerate(data__audit):
                    if not isinstance(data__audit_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__audit_item_is_dict = isinstance(data__audit_item, dict)
                    if data__audit_item_is_dict:
                        data__audit_item__missing_keys = set(['endpoint', 'purpose']) - data__audit_item.keys()
                        if data__audit_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__audit_item_keys = set(data__audit_item.keys())
                        if "endpoint" in data__audit_item_keys:
                            data__audit_item_keys.remove("endpoint")
                            data__audit_item__endpoint = data__audit_item["endpoint"]
                            if not isinstance(data__audit_item__endpoint, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__audit_item__endpoint, str):
                                data__audit_item__endpoint_len = len(data__audit_item__endpoint)
                                if data__audit_item__endpoint_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "purpose" in data__audit_item_keys:
                            data__audit_item_keys.remove("purpose")
                            data__audit_item__purpose = data__audit_item["purpose"]
                            if not isinstance(data__audit_item__purpose, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__audit_item__purpose, str):
                                data__audit_item__purpose_len = len(data__audit_item__purpose)
                                if data__audit_item__purpose_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if data__audit_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "migration" in data_keys:
            data_keys.remove("migration")
            data__migration = data["migration"]
            if not isinstance(data__migration, (dict)):
                raise JsonSchemaValueException("invalid")
            data__migration_is_dict = isinstance(data__migration, dict)
            if data__migration_is_dict:
                data__migration__missing_keys = set(['names']) - data__migration.keys()
                if data__migration__missing_keys:
                    raise JsonSchemaValueException("invalid")
                data__migration_keys = set(data__migration.keys())
                if "summary" in data__migration_keys:
                    data__migration_keys.remove("summary")
                    data__migration__summary = data__migration["summary"]
                    if not isinstance(data__migration__summary, (str)):
                        raise JsonSchemaValueException("invalid")
                if "source" in data__migration_keys:
                    data__migration_keys.remove("source")
                    data__migration__source = data__migration["source"]
                    if not isinstance(data__migration__source, (str)):
                        raise JsonSchemaValueException("invalid")
                if "names" in data__migration_keys:
                    data__migration_keys.remove("names")
                    data__migration__names = data__migration["names"]
                    if not isinstance(data__migration__names, (list, tuple)):
                        raise JsonSchemaValueException("invalid")
                    data__migration__names_is_list = isinstance(data__migration__names, (list, tuple))
                    if data__migration__names_is_list:
                        data__migration__names_len = len(data__migration__names)
                        for data__migration__names_x, data__migration__names_item in enumerate(data__migration__names):
                            if not isinstance(data__migration__names_item, (dict)):
                                raise JsonSchemaValueException("invalid")
                            data__migration__names_item_is_dict = isinstance(data__migration__names_item, dict)
                            if data__migration__names_item_is_dict:
                                data__migration__names_item__missing_keys = set(['name', 'role']) - data__migration__names_item.keys()
                                if data__migration__names_item__missing_keys:
                                    raise JsonSchemaValueException("invalid")
                                data__migration__names_item_keys = set(data__migration__names_item.keys())
                                if "name" in data__migration__names_item_keys:
                                    data__migration__names_item_keys.remove("name")
                                    data__migration__names_item__name = data__migration__names_item["name"]
                                    if not isinstance(data__migration__names_item__name, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__migration__names_item__name, str):
                                        if not REGEX_PATTERNS['^[A-Z][A-Z0-9_]*$'].search(data__migration__names_item__name):
                                            raise JsonSchemaValueException("invalid")
                                if "role" in data__migration__names_item_keys:
                                    data__migration__names_item_keys.remove("role")
                                    data__migration__names_item__role = data__migration__names_item["role"]
                                    if not (isinstance(data__migration__names_item__role, str) and data__migration__names_item__role == 'canonical' or isinstance(data__migration__names_item__role, str) and data__migration__names_item__role == 'alias' or isinstance(data__migration__names_item__role, str) and data__migration__names_item__role == 'allowed' or isinstance(data__migration__names_item__role, str) and data__migration__names_item__role == 'legacy'):
                                        raise JsonSchemaValueException("invalid")
                                if "note" in data__migration__names_item_keys:
                                    data__migration__names_item_keys.remove("note")
                                    data__migration__names_item__note = data__migration__names_item["note"]
                                    if not isinstance(data__migration__names_item__note, (str)):
                                        raise JsonSchemaValueException("invalid")
                                if "source" in data__migration__names_item_keys:
                                    data__migration__names_item_keys.remove("source")
                                    data__migration__names_item__source = data__migration__names_item["source"]
                                    if not isinstance(data__migration__names_item__source, (str)):
                                        raise JsonSchemaValueException("invalid")
                                if data__migration__names_item_keys:
                                    raise JsonSchemaValueException("invalid")
                if data__migration_keys:
                    raise JsonSchemaValueException("invalid")
        if "secrets" in data_keys:
            data_keys.remove("secrets")
            data__secrets = data["secrets"]
            if not isinstance(data__secrets, (dict)):
                raise JsonSchemaValueException("invalid")
            data__secrets_is_dict = isinstance(data__secrets, dict)
            if data__secrets_is_dict:
                data__secrets_len = len(data__secrets)
                if data__secrets_len < 1:
                    raise JsonSchemaValueException("invalid")
                data__secrets_keys = set(data__secrets.keys())
                for data__secrets_key in data__secrets_keys:
                    if data__secrets_key not in []:
                        data__secrets_value = data__secrets.get(data__secrets_key)
                        if not isinstance(data__secrets_value, (dict)):
                            raise JsonSchemaValueException("invalid")
                        data__secrets_value_is_dict = isinstance(data__secrets_value, dict)
                        if data__secrets_value_is_dict:
                            data__secrets_value__missing_keys = set(['purpose', 'kind', 'lifetime']) - data__secrets_value.keys()
                            if data__secrets_value__missing_keys:
                                raise JsonSchemaValueException("invalid")
                            data__secrets_value_keys = set(data__secrets_value.keys())
                            if "purpose" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("purpose")
                                data__secrets_value__purpose = data__secrets_value["purpose"]
                                if not isinstance(data__secrets_value__purpose, (str)):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__secrets_value__purpose, str):
                                    data__secrets_value__purpose_len = len(data__secrets_value__purpose)
                                    if data__secrets_value__purpose_len < 1:
                                        raise JsonSchemaValueException("invalid")
                            if "service" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("service")
                                data__secrets_value__service = data__secrets_value["service"]
                                if not isinstance(data__secrets_value__service, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "issuer" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("issuer")
                                data__secrets_value__issuer = data__secrets_value["issuer"]
                                if not isinstance(data__secrets_value__issuer, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "kind" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("kind")
                                data__secrets_value__kind = data__secrets_value["kind"]
                                if not (isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'service-token' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'api-key' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'service-account' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'ci-credential' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'oauth-client' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'webhook-secret' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'private-key' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'connection-string' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'encryption-key' or isinstance(data__secrets_value__kind, str) and data__secrets_value__kind == 'identifier'):
                                    raise JsonSchemaValueException("invalid")
                            if "lifetime" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("lifetime")
                                data__secrets_value__lifetime = data__secrets_value["lifetime"]
                                if not (isinstance(data__secrets_value__lifetime, str) and data__secrets_value__lifetime == 'long-lived' or isinstance(data__secrets_value__lifetime, str) and data__secrets_value__lifetime == 'ephemeral'):
                                    raise JsonSchemaValueException("invalid")
                            if "rotation_days" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("rotation_days")
                                data__secrets_value__rotationdays = data__secrets_value["rotation_days"]
                                if not isinstance(data__secrets_value__rotationdays, (int)) and not (isinstance(data__secrets_value__rotationdays, float) and data__secrets_value__rotationdays.is_integer()) or isinstance(data__secrets_value__rotationdays, bool):
                                    raise JsonSchemaValueException("invalid")
                                if isinstance(data__secrets_value__rotationdays, (int, float, Decimal)) and not isinstance(data__secrets_value__rotationdays, bool):
                                    if data__secrets_value__rotationdays < 1:
                                        raise JsonSchemaValueException("invalid")
                            if "optional" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("optional")
                                data__secrets_value__optional = data__secrets_value["optional"]
                                if not isinstance(data__secrets_value__optional, (bool)):
                                    raise JsonSchemaValueException("invalid")
                            if "group" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("group")
                                data__secrets_value__group = data__secrets_value["group"]
                                if not isinstance(data__secrets_value__group, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "owner" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("owner")
                                data__secrets_value__owner = data__secrets_value["owner"]
                                if not isinstance(data__secrets_value__owner, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "source" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("source")
                                data__secrets_value__source = data__secrets_value["source"]
                                if not isinstance(data__secrets_value__source, (str)):
                                    raise JsonSchemaValueException("invalid")
                            if "catalogs" in data__secrets_value_keys:
                                data__secrets_value_keys.remove("catalogs")
                                data__secrets_value__catalogs = data__secrets_value["catalogs"]
                                if not isinstance(data__secrets_value__catalogs, (list, tuple)):
                                    raise JsonSchemaValueException("invalid")
                                data__secrets_value__catalogs_is_list = isinstance(data__secrets_value__catalogs, (list, tuple))
                                if data__secrets_value__catalogs_is_list:
                                    data__secrets_value__catalogs_len = len(data__secrets_value__catalogs)
                                    for data__secrets_value__catalogs_x, data__secrets_value__catalogs_item in enumerate(data__secrets_value__catalogs):
                                        if not isinstance(data__secrets_value__catalogs_item, (str)):
                                            raise JsonSchemaValueException("invalid")
                            if data__secrets_value_keys:
                                raise JsonSchemaValueException("invalid")
                if data__secrets_len != 0:
                    data__secrets_property_names = True
                    for data__secrets_key in data__secrets:
                        try:
                            if isinstance(data__secrets_key, str):
                                if not REGEX_PATTERNS['^[A-Z][A-Z0-9_]*$'].search(data__secrets_key):
                                    raise JsonSchemaValueException("invalid")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__secrets_property_names = False
                    if not data__secrets_property_names:
                        raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_service_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if "status" in data_keys:
                data_keys.remove("status")
                data__status = data["status"]
                try:
                    if not (isinstance(data__status, str) and data__status == 'Planned'):
                        raise JsonSchemaValueException("invalid")
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
                else:
                    raise JsonSchemaValueException("invalid")
    except (JsonSchemaValueException, JsonSchemaValuesException):
        pass
    else:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['github_repo', 'primary_domain']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['service_name', 'entity_type', 'category', 'status', 'owners']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "entity_type" in data_keys:
            data_keys.remove("entity_type")
            data__entitytype = data["entity_type"]
            if not isinstance(data__entitytype, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__entitytype, str) and data__entitytype == 'Service'):
                raise JsonSchemaValueException("invalid")
        if "service_name" in data_keys:
            data_keys.remove("service_name")
            data__servicename = data["service_name"]
            if not isinstance(data__servicename, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__servicename, str):
                if not REGEX_PATTERNS['^[a-z][a-z0-9]*$'].search(data__servicename):
                    raise JsonSchemaValueException("invalid")
        if "category" in data_keys:
            data_keys.remove("category")
            data__category = data["category"]
            if not isinstance(data__category, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__category, str) and data__category == 'Governance' or isinstance(data__category, str) and data__category == 'Foundation' or isinstance(data__category, str) and data__category == 'Core' or isinstance(data__category, str) and data__category == 'Data' or isinstance(data__category, str) and data__category == 'Registry' or isinstance(data__category, str) and data__category == 'Platform' or isinstance(data__category, str) and data__category == 'Domain' or isinstance(data__category, str) and data__category == 'Sync' or isinstance(data__category, str) and data__category == 'Application'):
                raise JsonSchemaValueException("invalid")
        if "status" in data_keys:
            data_keys.remove("status")
            data__status = data["status"]
            if not isinstance(data__status, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__status, str) and data__status == 'Planned' or isinstance(data__status, str) and data__status == 'In Progress' or isinstance(data__status, str) and data__status == 'Needs Deployment' or isinstance(data__status, str) and data__status == 'Registered' or isinstance(data__status, str) and data__status == 'Live' or isinstance(data__status, str) and data__status == 'Active' or isinstance(data__status, str) and data__status == 'Deprecated'):
                raise JsonSchemaValueException("invalid")
        if "owners" in data_keys:
            data_keys.remove("owners")
            data__owners = data["owners"]
            if not isinstance(data__owners, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__owners_is_list = isinstance(data__owners, (list, tuple))
            if data__owners_is_list:
                data__owners_len = len(data__owners)
                if data__owners_len < 1:
                    raise JsonSchemaValueException("invalid")
                for data__owners_x, data__owners_item in enumerate(data__owners):
                    if not isinstance(data__owners_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "github_repo" in data_keys:
            data_keys.remove("github_repo")
            data__githubrepo = data["github_repo"]
            if not isinstance(data__githubrepo, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__githubrepo, str):
                if not REGEX_PATTERNS["uri_re_pattern"].match(data__githubrepo):
                    raise JsonSchemaValueException("invalid")
        if "primary_domain" in data_keys:
            data_keys.remove("primary_domain")
            data__primarydomain = data["primary_domain"]
            if not isinstance(data__primarydomain, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__primarydomain, str):
                if not REGEX_PATTERNS['^[a-z0-9-]+\\.chitty\\.cc$'].search(data__primarydomain):
                    raise JsonSchemaValueException("invalid")
        if "owner_entity" in data_keys:
            data_keys.remove("owner_entity")
            data__ownerentity = data["owner_entity"]
            if not isinstance(data__ownerentity, (str)):
                raise JsonSchemaValueException("invalid")
        if "ontology" in data_keys:
            data_keys.remove("ontology")
            data__ontology = data["ontology"]
            if not isinstance(data__ontology, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__ontology_is_list = isinstance(data__ontology, (list, tuple))
            if data__ontology_is_list:
                data__ontology_len = len(data__ontology)
                for data__ontology_x, data__ontology_item in enumerate(data__ontology):
                    if not isinstance(data__ontology_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "scopes" in data_keys:
            data_keys.remove("scopes")
            data__scopes = data["scopes"]
            if not isinstance(data__scopes, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__scopes_is_list = isinstance(data__scopes, (list, tuple))
            if data__scopes_is_list:
                data__scopes_len = len(data__scopes)
                for data__scopes_x, data__scopes_item in enumerate(data__scopes):
                    if not isinstance(data__scopes_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "version" in data_keys:
            data_keys.remove("version")
            data__version = data["version"]
            if not isinstance(data__version, (str)):
                raise JsonSchemaValueException("invalid")
        if "api_versions" in data_keys:
            data_keys.remove("api_versions")
            data__apiversions = data["api_versions"]
            if not isinstance(data__apiversions, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__apiversions_is_list = isinstance(data__apiversions, (list, tuple))
            if data__apiversions_is_list:
                data__apiversions_len = len(data__apiversions)
                for data__apiversions_x, data__apiversions_item in enumerate(data__apiversions):
                    if not isinstance(data__apiversions_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "deprecation_policy" in data_keys:
            data_keys.remove("deprecation_policy")
            data__deprecationpolicy = data["deprecation_policy"]
            if not isinstance(data__deprecationpolicy, (str)):
                raise JsonSchemaValueException("invalid")
        if "classification_status" in data_keys:
            data_keys.remove("classification_status")
            data__classificationstatus = data["classification_status"]
            if not isinstance(data__classificationstatus, (str)):
                raise JsonSchemaValueException("invalid")
            if not (isinstance(data__classificationstatus, str) and data__classificationstatus == 'Final' or isinstance(data__classificationstatus, str) and data__classificationstatus == 'PendingDecision'):
                raise JsonSchemaValueException("invalid")
        if "aliases" in data_keys:
            data_keys.remove("aliases")
            data__aliases = data["aliases"]
            if not isinstance(data__aliases, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__aliases_is_list = isinstance(data__aliases, (list, tuple))
            if data__aliases_is_list:
                data__aliases_len = len(data__aliases)
                for data__aliases_x, data__aliases_item in enumerate(data__aliases):
                    if not isinstance(data__aliases_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "related_services" in data_keys:
            data_keys.remove("related_services")
            data__relatedservices = data["related_services"]
            if not isinstance(data__relatedservices, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__relatedservices_is_list = isinstance(data__relatedservices, (list, tuple))
            if data__relatedservices_is_list:
                data__relatedservices_len = len(data__relatedservices)
                for data__relatedservices_x, data__relatedservices_item in enumerate(data__relatedservices):
                    if not isinstance(data__relatedservices_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "overlaps_with" in data_keys:
            data_keys.remove("overlaps_with")
            data__overlapswith = data["overlaps_with"]
            if not isinstance(data__overlapswith, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__overlapswith_is_list = isinstance(data__overlapswith, (list, tuple))
            if data__overlapswith_is_list:
                data__overlapswith_len = len(data__overlapswith)
                for data__overlapswith_x, data__overlapswith_item in enumerate(data__overlapswith):
                    if not isinstance(data__overlapswith_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "license" in data_keys:
            data_keys.remove("license")
            data__license = data["license"]
            if not isinstance(data__license, (str)):
                raise JsonSchemaValueException("invalid")
        if "exposes" in data_keys:
            data_keys.remove("exposes")
            data__exposes = data["exposes"]
            if not isinstance(data__exposes, (dict)):
                raise JsonSchemaValueException("invalid")
            data__exposes_is_dict = isinstance(data__exposes, dict)
            if data__exposes_is_dict:
                data__exposes_keys = set(data__exposes.keys())
                if "api" in data__exposes_keys:
                    data__exposes_keys.remove("api")
                    data__exposes__api = data__exposes["api"]
                    if not isinstance(data__exposes__api, (bool)):
                        raise JsonSchemaValueException("invalid")
                if "mcp" in data__exposes_keys:
                    data__exposes_keys.remove("mcp")
                    data__exposes__mcp = data__exposes["mcp"]
                    if not isinstance(data__exposes__mcp, (bool)):
                        raise JsonSchemaValueException("invalid")
                if "openapi" in data__exposes_keys:
                    data__exposes_keys.remove("openapi")
                    data__exposes__openapi = data__exposes["openapi"]
                    if not isinstance(data__exposes__openapi, (bool)):
                        raise JsonSchemaValueException("invalid")
                if "docs" in data__exposes_keys:
                    data__exposes_keys.remove("docs")
                    data__exposes__docs = data__exposes["docs"]
                    if not isinstance(data__exposes__docs, (bool)):
                        raise JsonSchemaValueException("invalid")
                if "health" in data__exposes_keys:
                    data__exposes_keys.remove("health")
                    data__exposes__health = data__exposes["health"]
                    if not isinstance(data__exposes__health, (bool)):
                        raise JsonSchemaValueException("invalid")
                if data__exposes_keys:
                    raise JsonSchemaValueException("invalid")
        if "routes" in data_keys:
            data_keys.remove("routes")
            data__routes = data["routes"]
            if not isinstance(data__routes, (dict)):
                raise JsonSchemaValueException("invalid")
            data__routes_is_dict = isinstance(data__routes, dict)
            if data__routes_is_dict:
                data__routes_keys = set(data__routes.keys())
                if "root" in data__routes_keys:
                    data__routes_keys.remove("root")
                    data__routes__root = data__routes["root"]
                    if not isinstance(data__routes__root, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__routes__root, str):
                        if not REGEX_PATTERNS["uri_re_pattern"].match(data__routes__root):
                            raise JsonSchemaValueException("invalid")
                if "api" in data__routes_keys:
                    data__routes_keys.remove("api")
                    data__routes__api = data__routes["api"]
                    if not isinstance(data__routes__api, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__routes__api, str):
                        if not REGEX_PATTERNS["uri_re_pattern"].match(data__routes__api):
                            raise JsonSchemaValueException("invalid")
                if "mcp" in data__routes_keys:
                    data__routes_keys.remove("mcp")
                    data__routes__mcp = data__routes["mcp"]
                    if not isinstance(data__routes__mcp, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__routes__mcp, str):
                        if not REGEX_PATTERNS["uri_re_pattern"].match(data__routes__mcp):
                            raise JsonSchemaValueException("invalid")
                if "docs" in data__routes_keys:
                    data__routes_keys.remove("docs")
                    data__routes__docs = data__routes["docs"]
                    if not isinstance(data__routes__docs, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__routes__docs, str):
                        if not REGEX_PATTERNS["uri_re_pattern"].match(data__routes__docs):
                            raise JsonSchemaValueException("invalid")
                if "health" in data__routes_keys:
                    data__routes_keys.remove("health")
                    data__routes__health = data__routes["health"]
                    if not isinstance(data__routes__health, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__routes__health, str):
                        if not REGEX_PATTERNS["uri_re_pattern"].match(data__routes__health):
                            raise JsonSchemaValueException("invalid")
                if "status" in data__routes_keys:
                    data__routes_keys.remove("status")
                    data__routes__status = data__routes["status"]
                    if not isinstance(data__routes__status, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__routes__status, str):
                        if not REGEX_PATTERNS["uri_re_pattern"].match(data__routes__status):
                            raise JsonSchemaValueException("invalid")
                if data__routes_keys:
                    raise JsonSchemaValueException("invalid")
        if "charter_url" in data_keys:
            data_keys.remove("charter_url")
            data__charterurl = data["charter_url"]
            if not isinstance(data__charterurl, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__charterurl, str):
                if not REGEX_PATTERNS["uri_re_pattern"].match(data__charterurl):
                    raise JsonSchemaValueException("invalid")
        if "schema_topics" in data_keys:
            data_keys.remove("schema_topics")
            data__schematopics = data["schema_topics"]
            if not isinstance(data__schematopics, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__schematopics_is_list = isinstance(data__schematopics, (list, tuple))
            if data__schematopics_is_list:
                data__schematopics_len = len(data__schematopics)
                for data__schematopics_x, data__schematopics_item in enumerate(data__schematopics):
                    if not isinstance(data__schematopics_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "description" in data_keys:
            data_keys.remove("description")
            data__description = data["description"]
            if not isinstance(data__description, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__description, str):
                data__description_len = len(data__description)
                if data__description_len < 1:
                    raise JsonSchemaValueException("invalid")
        if "tier" in data_keys:
            data_keys.remove("tier")
            data__tier = data["tier"]
            if not isinstance(data__tier, (int, str)) and not (isinstance(data__tier, float) and data__tier.is_integer()) or isinstance(data__tier, bool):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__tier, str):
                if not REGEX_PATTERNS['^ *(?:[Tt]ier[ _-]?)?[0-5](?:[^0-9].*)?$'].search(data__tier):
                    raise JsonSchemaValueException("invalid")
            if isinstance(data__tier, (int, float, Decimal)) and not isinstance(data__tier, bool):
                if data__tier < 0:
                    raise JsonSchemaValueException("invalid")
                if data__tier > 5:
                    raise JsonSchemaValueException("invalid")
        if "additional_categories" in data_keys:
            data_keys.remove("additional_categories")
            data__additionalcategories = data["additional_categories"]
            if not isinstance(data__additionalcategories, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__additionalcategories_is_list = isinstance(data__additionalcategories, (list, tuple))
            if data__additionalcategories_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__additionalcategories_len = len(data__additionalcategories)
                if data__additionalcategories_len > len(set(fn(data__additionalcategories_x) for data__additionalcategories_x in data__additionalcategories)):
                    raise JsonSchemaValueException("invalid")
                for data__additionalcategories_x, data__additionalcategories_item in enumerate(data__additionalcategories):
                    validate_https___get_chitty_cc_schemas_getchitty_service_schema_json__properties_category(data__additionalcategories_item, custom_formats, (name_prefix or "data") + ".additional_categories[{data__additionalcategories_x}]".format(**locals()))
        if "secrets" in data_keys:
            data_keys.remove("secrets")
            data__secrets = data["secrets"]
            if not isinstance(data__secrets, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__secrets_is_list = isinstance(data__secrets, (list, tuple))
            if data__secrets_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__secrets_len = len(data__secrets)
                if data__secrets_len > len(set(fn(data__secrets_x) for data__secrets_x in data__secrets)):
                    raise JsonSchemaValueException("invalid")
                for data__secrets_x, data__secrets_item in enumerate(data__secrets):
                    if not isinstance(data__secrets_item, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__secrets_item, str):
                        if not REGEX_PATTERNS['^[A-Z][A-Z0-9_]*$'].search(data__secrets_item):
                            raise JsonSchemaValueException("invalid")
        if "depends_on" in data_keys:
            data_keys.remove("depends_on")
            data__dependson = data["depends_on"]
            if not isinstance(data__dependson, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__dependson_is_list = isinstance(data__dependson, (list, tuple))
            if data__dependson_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__dependson_len = len(data__dependson)
                if data__dependson_len > len(set(fn(data__dependson_x) for data__dependson_x in data__dependson)):
                    raise JsonSchemaValueException("invalid")
                for data__dependson_x, data__dependson_item in enumerate(data__dependson):
                    if not isinstance(data__dependson_item, (str)):
                        raise JsonSchemaValueException("invalid")
        if "oncall" in data_keys:
            data_keys.remove("oncall")
            data__oncall = data["oncall"]
            if not isinstance(data__oncall, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__oncall, str):
                data__oncall_len = len(data__oncall)
                if data__oncall_len < 1:
                    raise JsonSchemaValueException("invalid")
        if "runbooks" in data_keys:
            data_keys.remove("runbooks")
            data__runbooks = data["runbooks"]
            if not isinstance(data__runbooks, (dict)):
                raise JsonSchemaValueException("invalid")
            data__runbooks_is_dict = isinstance(data__runbooks, dict)
            if data__runbooks_is_dict:
                data__runbooks_keys = set(data__runbooks.keys())
                if "deploy" in data__runbooks_keys:
                    data__runbooks_keys.remove("deploy")
                    data__runbooks__deploy = data__runbooks["deploy"]
                    if not isinstance(data__runbooks__deploy, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__runbooks__deploy, str):
                        data__runbooks__deploy_len = len(data__runbooks__deploy)
                        if data__runbooks__deploy_len < 1:
                            raise JsonSchemaValueException("invalid")
                if "incident" in data__runbooks_keys:
                    data__runbooks_keys.remove("incident")
                    data__runbooks__incident = data__runbooks["incident"]
                    if not isinstance(data__runbooks__incident, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__runbooks__incident, str):
                        data__runbooks__incident_len = len(data__runbooks__incident)
                        if data__runbooks__incident_len < 1:
                            raise JsonSchemaValueException("invalid")
                if "rollback" in data__runbooks_keys:
                    data__runbooks_keys.remove("rollback")
                    data__runbooks__rollback = data__runbooks["rollback"]
                    if not isinstance(data__runbooks__rollback, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__runbooks__rollback, str):
                        data__runbooks__rollback_len = len(data__runbooks__rollback)
                        if data__runbooks__rollback_len < 1:
                            raise JsonSchemaValueException("invalid")
                if data__runbooks_keys:
                    raise JsonSchemaValueException("invalid")
        if "webhooks" in data_keys:
            data_keys.remove("webhooks")
            data__webhooks = data["webhooks"]
            if not isinstance(data__webhooks, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__webhooks_is_list = isinstance(data__webhooks, (list, tuple))
            if data__webhooks_is_list:
                data__webhooks_len = len(data__webhooks)
                for data__webhooks_x, data__webhooks_item in enumerate(data__webhooks):
                    if not isinstance(data__webhooks_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__webhooks_item_is_dict = isinstance(data__webhooks_item, dict)
                    if data__webhooks_item_is_dict:
                        data__webhooks_item__missing_keys = set(['name']) - data__webhooks_item.keys()
                        if data__webhooks_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__webhooks_item_keys = set(data__webhooks_item.keys())
                        if "name" in data__webhooks_item_keys:
                            data__webhooks_item_keys.remove("name")
                            data__webhooks_item__name = data__webhooks_item["name"]
                            if not isinstance(data__webhooks_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__webhooks_item__name, str):
                                data__webhooks_item__name_len = len(data__webhooks_item__name)
                                if data__webhooks_item__name_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "url" in data__webhooks_item_keys:
                            data__webhooks_item_keys.remove("url")
                            data__webhooks_item__url = data__webhooks_item["url"]
                            if not isinstance(data__webhooks_item__url, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__webhooks_item__url, str):
                                if not REGEX_PATTERNS["uri_re_pattern"].match(data__webhooks_item__url):
                                    raise JsonSchemaValueException("invalid")
                        if "description" in data__webhooks_item_keys:
                            data__webhooks_item_keys.remove("description")
                            data__webhooks_item__description = data__webhooks_item["description"]
                            if not isinstance(data__webhooks_item__description, (str)):
                                raise JsonSchemaValueException("invalid")
                        if data__webhooks_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "artifacts" in data_keys:
            data_keys.remove("artifacts")
            data__artifacts = data["artifacts"]
            if not isinstance(data__artifacts, (dict)):
                raise JsonSchemaValueException("invalid")
            data__artifacts_is_dict = isinstance(data__artifacts, dict)
            if data__artifacts_is_dict:
                data__artifacts_keys = set(data__artifacts.keys())
                if "openapi" in data__artifacts_keys:
                    data__artifacts_keys.remove("openapi")
                    data__artifacts__openapi = data__artifacts["openapi"]
                    if not isinstance(data__artifacts__openapi, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__artifacts__openapi, str):
                        data__artifacts__openapi_len = len(data__artifacts__openapi)
                        if data__artifacts__openapi_len < 1:
                            raise JsonSchemaValueException("invalid")
                if "mcp" in data__artifacts_keys:
                    data__artifacts_keys.remove("mcp")
                    data__artifacts__mcp = data__artifacts["mcp"]
                    if not isinstance(data__artifacts__mcp, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__artifacts__mcp, str):
                        data__artifacts__mcp_len = len(data__artifacts__mcp)
                        if data__artifacts__mcp_len < 1:
                            raise JsonSchemaValueException("invalid")
                if data__artifacts_keys:
                    raise JsonSchemaValueException("invalid")
        if "board" in data_keys:
            data_keys.remove("board")
            data__board = data["board"]
            if not isinstance(data__board, (dict)):
                raise JsonSchemaValueException("invalid")
            data__board_is_dict = isinstance(data__board, dict)
            if data__board_is_dict:
                data__board__missing_keys = set(['status']) - data__board.keys()
                if data__board__missing_keys:
                    raise JsonSchemaValueException("invalid")
                data__board_keys = set(data__board.keys())
                if "status" in data__board_keys:
                    data__board_keys.remove("status")
                    data__board__status = data__board["status"]
                    validate_https___get_chitty_cc_schemas_getchitty_service_schema_json__properties_status(data__board__status, custom_formats, (name_prefix or "data") + ".board.status")
                if "label" in data__board_keys:
                    data__board_keys.remove("label")
                    data__board__label = data__board["label"]
                    if not isinstance(data__board__label, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__board__label, str):
                        data__board__label_len = len(data__board__label)
                        if data__board__label_len < 1:
                            raise JsonSchemaValueException("invalid")
                if "layer" in data__board_keys:
                    data__board_keys.remove("layer")
                    data__board__layer = data__board["layer"]
                    if not isinstance(data__board__layer, (int)) and not (isinstance(data__board__layer, float) and data__board__layer.is_integer()) or isinstance(data__board__layer, bool):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__board__layer, (int, float, Decimal)) and not isinstance(data__board__layer, bool):
                        if data__board__layer < 0:
                            raise JsonSchemaValueException("invalid")
                        if data__board__layer > 8:
                            raise JsonSchemaValueException("invalid")
                if data__board_keys:
                    raise JsonSchemaValueException("invalid")
        if "notes" in data_keys:
            data_keys.remove("notes")
            data__notes = data["notes"]
            if not isinstance(data__notes, (str)):
                raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data

def validate_https___get_chitty_cc_schemas_getchitty_service_schema_json__properties_status(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("invalid")
    if not (isinstance(data, str) and data == 'Planned' or isinstance(data, str) and data == 'In Progress' or isinstance(data, str) and data == 'Needs Deployment' or isinstance(data, str) and data == 'Registered' or isinstance(data, str) and data == 'Live' or isinstance(data, str) and data == 'Active' or isinstance(data, str) and data == 'Deprecated'):
        raise JsonSchemaValueException("invalid")
    return data

def validate_https___get_chitty_cc_schemas_getchitty_service_schema_json__properties_category(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("invalid")
    if not (isinstance(data, str) and data == 'Governance' or isinstance(data, str) and data == 'Foundation' or isinstance(data, str) and data == 'Core' or isinstance(data, str) and data == 'Data' or isinstance(data, str) and data == 'Registry' or isinstance(data, str) and data == 'Platform' or isinstance(data, str) and data == 'Domain' or isinstance(data, str) and data == 'Sync' or isinstance(data, str) and data == 'Application'):
        raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_snapshot_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['repository', 'commit', 'facts']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "repository" in data_keys:
            data_keys.remove("repository")
            data__repository = data["repository"]
            if not isinstance(data__repository, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__repository, str):
                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'].search(data__repository):
                    raise JsonSchemaValueException("invalid")
        if "commit" in data_keys:
            data_keys.remove("commit")
            data__commit = data["commit"]
            if not isinstance(data__commit, (str)):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__commit, str):
                if not REGEX_PATTERNS['^[0-9a-f]{7,64}$'].search(data__commit):
                    raise JsonSchemaValueException("invalid")
        if "date" in data_keys:
            data_keys.remove("date")
            data__date = data["date"]
            if not isinstance(data__date, (str)):
                raise JsonSchemaValueException("invalid")
        if "ref" in data_keys:
            data_keys.remove("ref")
            data__ref = data["ref"]
            if not isinstance(data__ref, (str)):
                raise JsonSchemaValueException("invalid")
        if "role" in data_keys:
            data_keys.remove("role")
            data__role = data["role"]
            if not (isinstance(data__role, str) and data__role == 'service' or isinstance(data__role, str) and data__role == 'registry'):
                raise JsonSchemaValueException("invalid")
        if "service" in data_keys:
            data_keys.remove("service")
            data__service = data["service"]
            if not isinstance(data__service, (str)):
                raise JsonSchemaValueException("invalid")
        if "files" in data_keys:
            data_keys.remove("files")
            data__files = data["files"]
            if not isinstance(data__files, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__files_is_list = isinstance(data__files, (list, tuple))
            if data__files_is_list:
                data__files_len = len(data__files)
                for data__files_x, data__files_item in enumerate(data__files):
                    if not isinstance(data__files_item, (str)):
                        raise JsonSchemaValueException("invalid")
                    if isinstance(data__files_item, str):
                        data__files_item_len = len(data__files_item)
                        if data__files_item_len < 1:
                            raise JsonSchemaValueException("invalid")
        if "facts" in data_keys:
            data_keys.remove("facts")
            data__facts = data["facts"]
            if not isinstance(data__facts, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__facts_is_list = isinstance(data__facts, (list, tuple))
            if data__facts_is_list:
                data__facts_len = len(data__facts)
                for data__facts_x, data__facts_item in enumerate(data__facts):
                    if not isinstance(data__facts_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__facts_item_is_dict = isinstance(data__facts_item, dict)
                    if data__facts_item_is_dict:
                        data__facts_item__missing_keys = set(['at', 'subject', 'field', 'value']) - data__facts_item.keys()
                        if data__facts_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__facts_item_keys = set(data__facts_item.keys())
                        if "at" in data__facts_item_keys:
                            data__facts_item_keys.remove("at")
                            data__facts_item__at = data__facts_item["at"]
                            validate_https___get_chitty_cc_schemas_getchitty_snapshot_schema_json__definitions_at(data__facts_item__at, custom_formats, (name_prefix or "data") + ".facts[{data__facts_x}].at".format(**locals()))
                        if "subject" in data__facts_item_keys:
                            data__facts_item_keys.remove("subject")
                            data__facts_item__subject = data__facts_item["subject"]
                            if not isinstance(data__facts_item__subject, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "field" in data__facts_item_keys:
                            data__facts_item_keys.remove("field")
                            data__facts_item__field = data__facts_item["field"]
                            if not isinstance(data__facts_item__field, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__facts_item__field, str):
                                data__facts_item__field_len = len(data__facts_item__field)
                                if data__facts_item__field_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "key" in data__facts_item_keys:
                            data__facts_item_keys.remove("key")
                            data__facts_item__key = data__facts_item["key"]
                            if not isinstance(data__facts_item__key, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "value" in data__facts_item_keys:
                            data__facts_item_keys.remove("value")
                            data__facts_item__value = data__facts_item["value"]
                        if data__facts_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "unmapped" in data_keys:
            data_keys.remove("unmapped")
            data__unmapped = data["unmapped"]
            if not isinstance(data__unmapped, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__unmapped_is_list = isinstance(data__unmapped, (list, tuple))
            if data__unmapped_is_list:
                data__unmapped_len = len(data__unmapped)
                for data__unmapped_x, data__unmapped_item in enumerate(data__unmapped):
                    if not isinstance(data__unmapped_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__unmapped_item_is_dict = isinstance(data__unmapped_item, dict)
                    if data__unmapped_item_is_dict:
                        data__unmapped_item__missing_keys = set(['at', 'text']) - data__unmapped_item.keys()
                        if data__unmapped_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__unmapped_item_keys = set(data__unmapped_item.keys())
                        if "at" in data__unmapped_item_keys:
                            data__unmapped_item_keys.remove("at")
                            data__unmapped_item__at = data__unmapped_item["at"]
                            validate_https___get_chitty_cc_schemas_getchitty_snapshot_schema_json__definitions_at(data__unmapped_item__at, custom_formats, (name_prefix or "data") + ".unmapped[{data__unmapped_x}].at".format(**locals()))
                        if "text" in data__unmapped_item_keys:
                            data__unmapped_item_keys.remove("text")
                            data__unmapped_item__text = data__unmapped_item["text"]
                            if not isinstance(data__unmapped_item__text, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "reason" in data__unmapped_item_keys:
                            data__unmapped_item_keys.remove("reason")
                            data__unmapped_item__reason = data__unmapped_item["reason"]
                            if not isinstance(data__unmapped_item__reason, (str)):
                                raise JsonSchemaValueException("invalid")
                        if data__unmapped_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "problems" in data_keys:
            data_keys.remove("problems")
            data__problems = data["problems"]
            if not isinstance(data__problems, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__problems_is_list = isinstance(data__problems, (list, tuple))
            if data__problems_is_list:
                data__problems_len = len(data__problems)
                for data__problems_x, data__problems_item in enumerate(data__problems):
                    if not isinstance(data__problems_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__problems_item_is_dict = isinstance(data__problems_item, dict)
                    if data__problems_item_is_dict:
                        data__problems_item__missing_keys = set(['rule', 'severity', 'at', 'message']) - data__problems_item.keys()
                        if data__problems_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__problems_item_keys = set(data__problems_item.keys())
                        if "rule" in data__problems_item_keys:
                            data__problems_item_keys.remove("rule")
                            data__problems_item__rule = data__problems_item["rule"]
                            if not isinstance(data__problems_item__rule, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__problems_item__rule, str):
                                if not REGEX_PATTERNS['^(federation|codeowners)/[a-z0-9-]+$'].search(data__problems_item__rule):
                                    raise JsonSchemaValueException("invalid")
                        if "severity" in data__problems_item_keys:
                            data__problems_item_keys.remove("severity")
                            data__problems_item__severity = data__problems_item["severity"]
                            if not (isinstance(data__problems_item__severity, str) and data__problems_item__severity == 'error' or isinstance(data__problems_item__severity, str) and data__problems_item__severity == 'warning' or isinstance(data__problems_item__severity, str) and data__problems_item__severity == 'notice'):
                                raise JsonSchemaValueException("invalid")
                        if "at" in data__problems_item_keys:
                            data__problems_item_keys.remove("at")
                            data__problems_item__at = data__problems_item["at"]
                            if not isinstance(data__problems_item__at, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__problems_item__at, str):
                                if not REGEX_PATTERNS['^.+:[0-9]+:[0-9]+$'].search(data__problems_item__at):
                                    raise JsonSchemaValueException("invalid")
                        if "message" in data__problems_item_keys:
                            data__problems_item_keys.remove("message")
                            data__problems_item__message = data__problems_item["message"]
                            if not isinstance(data__problems_item__message, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "hint" in data__problems_item_keys:
                            data__problems_item_keys.remove("hint")
                            data__problems_item__hint = data__problems_item["hint"]
                            if not isinstance(data__problems_item__hint, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "related" in data__problems_item_keys:
                            data__problems_item_keys.remove("related")
                            data__problems_item__related = data__problems_item["related"]
                            if not isinstance(data__problems_item__related, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__problems_item__related_is_list = isinstance(data__problems_item__related, (list, tuple))
                            if data__problems_item__related_is_list:
                                data__problems_item__related_len = len(data__problems_item__related)
                                for data__problems_item__related_x, data__problems_item__related_item in enumerate(data__problems_item__related):
                                    validate_https___get_chitty_cc_schemas_getchitty_snapshot_schema_json__definitions_at(data__problems_item__related_item, custom_formats, (name_prefix or "data") + ".problems[{data__problems_x}].related[{data__problems_item__related_x}]".format(**locals()))
                        if data__problems_item_keys:
                            raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data

def validate_https___get_chitty_cc_schemas_getchitty_snapshot_schema_json__definitions_at(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("invalid")
    if isinstance(data, str):
        if not REGEX_PATTERNS['^.+:[0-9]+$'].search(data):
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_sources_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['sources']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "sources" in data_keys:
            data_keys.remove("sources")
            data__sources = data["sources"]
            if not isinstance(data__sources, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__sources_is_list = isinstance(data__sources, (list, tuple))
            if data__sources_is_list:
                data__sources_len = len(data__sources)
                for data__sources_x, data__sources_item in enumerate(data__sources):
                    if not isinstance(data__sources_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__sources_item_one_of_count1 = 0
                    if data__sources_item_one_of_count1 < 2:
                        try:
                            data__sources_item_is_dict = isinstance(data__sources_item, dict)
                            if data__sources_item_is_dict:
                                data__sources_item__missing_keys = set(['repository']) - data__sources_item.keys()
                                if data__sources_item__missing_keys:
                                    raise JsonSchemaValueException("invalid")
                            data__sources_item_one_of_count1 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__sources_item_one_of_count1 < 2:
                        try:
                            data__sources_item_is_dict = isinstance(data__sources_item, dict)
                            if data__sources_item_is_dict:
                                data__sources_item__missing_keys = set(['url']) - data__sources_item.keys()
                                if data__sources_item__missing_keys:
                                    raise JsonSchemaValueException("invalid")
                            data__sources_item_one_of_count1 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__sources_item_one_of_count1 < 2:
                        try:
                            data__sources_item_is_dict = isinstance(data__sources_item, dict)
                            if data__sources_item_is_dict:
                                data__sources_item__missing_keys = set(['path']) - data__sources_item.keys()
                                if data__sources_item__missing_keys:
                                    raise JsonSchemaValueException("invalid")
                            data__sources_item_one_of_count1 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__sources_item_one_of_count1 != 1:
                        raise JsonSchemaValueException("invalid")
                    data__sources_item_is_dict = isinstance(data__sources_item, dict)
                    if data__sources_item_is_dict:
                        data__sources_item_keys = set(data__sources_item.keys())
                        if "repository" in data__sources_item_keys:
                            data__sources_item_keys.remove("repository")
                            data__sources_item__repository = data__sources_item["repository"]
                            if not isinstance(data__sources_item__repository, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sources_item__repository, str):
                                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'].search(data__sources_item__repository):
                                    raise JsonSchemaValueException("invalid")
                        if "url" in data__sources_item_keys:
                            data__sources_item_keys.remove("url")
                            data__sources_item__url = data__sources_item["url"]
                            if not isinstance(data__sources_item__url, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sources_item__url, str):
                                if not REGEX_PATTERNS['^(https://|ssh://|file://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)\\S+$'].search(data__sources_item__url):
                                    raise JsonSchemaValueException("invalid")
                        if "path" in data__sources_item_keys:
                            data__sources_item_keys.remove("path")
                            data__sources_item__path = data__sources_item["path"]
                            if not isinstance(data__sources_item__path, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sources_item__path, str):
                                data__sources_item__path_len = len(data__sources_item__path)
                                if data__sources_item__path_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "ref" in data__sources_item_keys:
                            data__sources_item_keys.remove("ref")
                            data__sources_item__ref = data__sources_item["ref"]
                            if not isinstance(data__sources_item__ref, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sources_item__ref, str):
                                if not REGEX_PATTERNS['^[A-Za-z0-9._][A-Za-z0-9._/-]{0,199}$'].search(data__sources_item__ref):
                                    raise JsonSchemaValueException("invalid")
                        else: data__sources_item["ref"] = 'HEAD'
                        if "role" in data__sources_item_keys:
                            data__sources_item_keys.remove("role")
                            data__sources_item__role = data__sources_item["role"]
                            if not (isinstance(data__sources_item__role, str) and data__sources_item__role == 'service' or isinstance(data__sources_item__role, str) and data__sources_item__role == 'registry'):
                                raise JsonSchemaValueException("invalid")
                        else: data__sources_item["role"] = 'service'
                        if "recorded_as" in data__sources_item_keys:
                            data__sources_item_keys.remove("recorded_as")
                            data__sources_item__recordedas = data__sources_item["recorded_as"]
                            if not isinstance(data__sources_item__recordedas, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sources_item__recordedas, str):
                                if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'].search(data__sources_item__recordedas):
                                    raise JsonSchemaValueException("invalid")
                        if "commit" in data__sources_item_keys:
                            data__sources_item_keys.remove("commit")
                            data__sources_item__commit = data__sources_item["commit"]
                            if not isinstance(data__sources_item__commit, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__sources_item__commit, str):
                                if not REGEX_PATTERNS['^[0-9a-f]{40}$'].search(data__sources_item__commit):
                                    raise JsonSchemaValueException("invalid")
                        if data__sources_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "drift" in data_keys:
            data_keys.remove("drift")
            data__drift = data["drift"]
            if not isinstance(data__drift, (dict)):
                raise JsonSchemaValueException("invalid")
            data__drift_is_dict = isinstance(data__drift, dict)
            if data__drift_is_dict:
                data__drift_keys = set(data__drift.keys())
                for data__drift_key in data__drift_keys:
                    if data__drift_key not in []:
                        data__drift_value = data__drift.get(data__drift_key)
                        if not (isinstance(data__drift_value, str) and data__drift_value == 'error' or isinstance(data__drift_value, str) and data__drift_value == 'warning' or isinstance(data__drift_value, str) and data__drift_value == 'notice'):
                            raise JsonSchemaValueException("invalid")
                data__drift_len = len(data__drift)
                if data__drift_len != 0:
                    data__drift_property_names = True
                    for data__drift_key in data__drift:
                        try:
                            if isinstance(data__drift_key, str):
                                if not REGEX_PATTERNS['^[a-z][a-z0-9_]*$'].search(data__drift_key):
                                    raise JsonSchemaValueException("invalid")
                        except (JsonSchemaValueException, JsonSchemaValuesException):
                            data__drift_property_names = False
                    if not data__drift_property_names:
                        raise JsonSchemaValueException("invalid")
        if "upstream_problems" in data_keys:
            data_keys.remove("upstream_problems")
            data__upstreamproblems = data["upstream_problems"]
            data__upstreamproblems_one_of_count2 = 0
            if data__upstreamproblems_one_of_count2 < 2:
                try:
                    if not (isinstance(data__upstreamproblems, str) and data__upstreamproblems == 'error' or isinstance(data__upstreamproblems, str) and data__upstreamproblems == 'warning' or isinstance(data__upstreamproblems, str) and data__upstreamproblems == 'notice'):
                        raise JsonSchemaValueException("invalid")
                    data__upstreamproblems_one_of_count2 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__upstreamproblems_one_of_count2 < 2:
                try:
                    if not isinstance(data__upstreamproblems, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__upstreamproblems_is_dict = isinstance(data__upstreamproblems, dict)
                    if data__upstreamproblems_is_dict:
                        data__upstreamproblems_keys = set(data__upstreamproblems.keys())
                        for data__upstreamproblems_key in data__upstreamproblems_keys:
                            if data__upstreamproblems_key not in []:
                                data__upstreamproblems_value = data__upstreamproblems.get(data__upstreamproblems_key)
                                if not (isinstance(data__upstreamproblems_value, str) and data__upstreamproblems_value == 'error' or isinstance(data__upstreamproblems_value, str) and data__upstreamproblems_value == 'warning' or isinstance(data__upstreamproblems_value, str) and data__upstreamproblems_value == 'notice'):
                                    raise JsonSchemaValueException("invalid")
                        data__upstreamproblems_len = len(data__upstreamproblems)
                        if data__upstreamproblems_len != 0:
                            data__upstreamproblems_property_names = True
                            for data__upstreamproblems_key in data__upstreamproblems:
                                try:
                                    if isinstance(data__upstreamproblems_key, str):
                                        if not REGEX_PATTERNS['^(federation|codeowners)/[a-z0-9-]+$'].search(data__upstreamproblems_key):
                                            raise JsonSchemaValueException("invalid")
                                except (JsonSchemaValueException, JsonSchemaValuesException):
                                    data__upstreamproblems_property_names = False
                            if not data__upstreamproblems_property_names:
                                raise JsonSchemaValueException("invalid")
                    data__upstreamproblems_one_of_count2 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__upstreamproblems_one_of_count2 != 1:
                raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_tiers_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['tiers']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "intro" in data_keys:
            data_keys.remove("intro")
            data__intro = data["intro"]
            if not isinstance(data__intro, (str)):
                raise JsonSchemaValueException("invalid")
        if "source" in data_keys:
            data_keys.remove("source")
            data__source = data["source"]
            if not isinstance(data__source, (str)):
                raise JsonSchemaValueException("invalid")
        if "tiers" in data_keys:
            data_keys.remove("tiers")
            data__tiers = data["tiers"]
            if not isinstance(data__tiers, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__tiers_is_list = isinstance(data__tiers, (list, tuple))
            if data__tiers_is_list:
                data__tiers_len = len(data__tiers)
                for data__tiers_x, data__tiers_item in enumerate(data__tiers):
                    if not isinstance(data__tiers_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__tiers_item_is_dict = isinstance(data__tiers_item, dict)
                    if data__tiers_item_is_dict:
                        data__tiers_item__missing_keys = set(['number', 'name']) - data__tiers_item.keys()
                        if data__tiers_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__tiers_item_keys = set(data__tiers_item.keys())
                        if "number" in data__tiers_item_keys:
                            data__tiers_item_keys.remove("number")
                            data__tiers_item__number = data__tiers_item["number"]
                            if not isinstance(data__tiers_item__number, (int)) and not (isinstance(data__tiers_item__number, float) and data__tiers_item__number.is_integer()) or isinstance(data__tiers_item__number, bool):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__tiers_item__number, (int, float, Decimal)) and not isinstance(data__tiers_item__number, bool):
                                if data__tiers_item__number < 0:
                                    raise JsonSchemaValueException("invalid")
                                if data__tiers_item__number > 5:
                                    raise JsonSchemaValueException("invalid")
                        if "name" in data__tiers_item_keys:
                            data__tiers_item_keys.remove("name")
                            data__tiers_item__name = data__tiers_item["name"]
                            if not isinstance(data__tiers_item__name, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__tiers_item__name, str):
                                data__tiers_item__name_len = len(data__tiers_item__name)
                                if data__tiers_item__name_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "summary" in data__tiers_item_keys:
                            data__tiers_item_keys.remove("summary")
                            data__tiers_item__summary = data__tiers_item["summary"]
                            if not isinstance(data__tiers_item__summary, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "layers" in data__tiers_item_keys:
                            data__tiers_item_keys.remove("layers")
                            data__tiers_item__layers = data__tiers_item["layers"]
                            if not isinstance(data__tiers_item__layers, (list, tuple)):
                                raise JsonSchemaValueException("invalid")
                            data__tiers_item__layers_is_list = isinstance(data__tiers_item__layers, (list, tuple))
                            if data__tiers_item__layers_is_list:
                                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                                data__tiers_item__layers_len = len(data__tiers_item__layers)
                                if data__tiers_item__layers_len > len(set(fn(data__tiers_item__layers_x) for data__tiers_item__layers_x in data__tiers_item__layers)):
                                    raise JsonSchemaValueException("invalid")
                                for data__tiers_item__layers_x, data__tiers_item__layers_item in enumerate(data__tiers_item__layers):
                                    if not isinstance(data__tiers_item__layers_item, (str)):
                                        raise JsonSchemaValueException("invalid")
                                    if isinstance(data__tiers_item__layers_item, str):
                                        data__tiers_item__layers_item_len = len(data__tiers_item__layers_item)
                                        if data__tiers_item__layers_item_len < 1:
                                            raise JsonSchemaValueException("invalid")
                        if "source" in data__tiers_item_keys:
                            data__tiers_item_keys.remove("source")
                            data__tiers_item__source = data__tiers_item["source"]
                            if not isinstance(data__tiers_item__source, (str)):
                                raise JsonSchemaValueException("invalid")
                        if data__tiers_item_keys:
                            raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


def validate_https___get_chitty_cc_schemas_getchitty_waivers_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("invalid")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['waivers']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("invalid")
        data_keys = set(data.keys())
        if "waivers" in data_keys:
            data_keys.remove("waivers")
            data__waivers = data["waivers"]
            if not isinstance(data__waivers, (list, tuple)):
                raise JsonSchemaValueException("invalid")
            data__waivers_is_list = isinstance(data__waivers, (list, tuple))
            if data__waivers_is_list:
                data__waivers_len = len(data__waivers)
                for data__waivers_x, data__waivers_item in enumerate(data__waivers):
                    if not isinstance(data__waivers_item, (dict)):
                        raise JsonSchemaValueException("invalid")
                    data__waivers_item_is_dict = isinstance(data__waivers_item, dict)
                    if data__waivers_item_is_dict:
                        data__waivers_item__missing_keys = set(['rule', 'entity', 'reason', 'owner', 'expires']) - data__waivers_item.keys()
                        if data__waivers_item__missing_keys:
                            raise JsonSchemaValueException("invalid")
                        data__waivers_item_keys = set(data__waivers_item.keys())
                        if "rule" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("rule")
                            data__waivers_item__rule = data__waivers_item["rule"]
                            if not isinstance(data__waivers_item__rule, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__waivers_item__rule, str):
                                data__waivers_item__rule_len = len(data__waivers_item__rule)
                                if data__waivers_item__rule_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "entity" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("entity")
                            data__waivers_item__entity = data__waivers_item["entity"]
                            if not isinstance(data__waivers_item__entity, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__waivers_item__entity, str):
                                data__waivers_item__entity_len = len(data__waivers_item__entity)
                                if data__waivers_item__entity_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "field" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("field")
                            data__waivers_item__field = data__waivers_item["field"]
                            if not isinstance(data__waivers_item__field, (str)):
                                raise JsonSchemaValueException("invalid")
                        if "reason" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("reason")
                            data__waivers_item__reason = data__waivers_item["reason"]
                            if not isinstance(data__waivers_item__reason, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__waivers_item__reason, str):
                                data__waivers_item__reason_len = len(data__waivers_item__reason)
                                if data__waivers_item__reason_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "owner" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("owner")
                            data__waivers_item__owner = data__waivers_item["owner"]
                            if not isinstance(data__waivers_item__owner, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__waivers_item__owner, str):
                                data__waivers_item__owner_len = len(data__waivers_item__owner)
                                if data__waivers_item__owner_len < 1:
                                    raise JsonSchemaValueException("invalid")
                        if "expires" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("expires")
                            data__waivers_item__expires = data__waivers_item["expires"]
                            if not isinstance(data__waivers_item__expires, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__waivers_item__expires, str):
                                if not custom_formats["date"](data__waivers_item__expires):
                                    raise JsonSchemaValueException("invalid")
                        if "roadmap" in data__waivers_item_keys:
                            data__waivers_item_keys.remove("roadmap")
                            data__waivers_item__roadmap = data__waivers_item["roadmap"]
                            if not isinstance(data__waivers_item__roadmap, (str)):
                                raise JsonSchemaValueException("invalid")
                            if isinstance(data__waivers_item__roadmap, str):
                                if not REGEX_PATTERNS['^[a-z0-9][a-z0-9-]*$'].search(data__waivers_item__roadmap):
                                    raise JsonSchemaValueException("invalid")
                        if data__waivers_item_keys:
                            raise JsonSchemaValueException("invalid")
        if "notice_days" in data_keys:
            data_keys.remove("notice_days")
            data__noticedays = data["notice_days"]
            if not isinstance(data__noticedays, (int)) and not (isinstance(data__noticedays, float) and data__noticedays.is_integer()) or isinstance(data__noticedays, bool):
                raise JsonSchemaValueException("invalid")
            if isinstance(data__noticedays, (int, float, Decimal)) and not isinstance(data__noticedays, bool):
                if data__noticedays < 0:
                    raise JsonSchemaValueException("invalid")
        if data_keys:
            raise JsonSchemaValueException("invalid")
    return data


VALIDATORS = {
    '0710d8635378e4911e72e53efc52be90db43ab288a9ba73bf56f6617938e3786': validate_https___get_chitty_cc_schemas_getchitty_access_schema_json,  # getchitty-access
    '3f7e4861368efd45d30dc7aa1ae0b2fd6eaaf01d3be847278526414a908df538': validate_https___get_chitty_cc_schemas_getchitty_composite_schema_json,  # getchitty-composite
    'd47004cd0fd0da01cb4922b57a4557599122da5b9f2d43b18c5f61d3c60d1492': validate_https___get_chitty_cc_schemas_getchitty_data_layer_schema_json,  # getchitty-data-layer
    '0e974f793d54a2f7502066a3c88f57a575cc10a9030dfe5b12e6382e3d2dcbde': validate_https___get_chitty_cc_schemas_getchitty_layers_schema_json,  # getchitty-layers
    'cf3be011e9d70b5c677b0a5250bd67f6a94b9a0062e073ab1b7a0d12918819af': validate_https___get_chitty_cc_schemas_getchitty_levels_schema_json,  # getchitty-levels
    'c7b9c499683943a9cdc4b20ea2816b9c9049bd405e425b81d7df5a21b34a6ddd': validate_https___get_chitty_cc_schemas_getchitty_lock_schema_json,  # getchitty-lock
    '9fa2459d5061a0b0594a4230d8479f123f845a472eb5c4c6c23a81948c66d995': validate_https___get_chitty_cc_schemas_getchitty_ontology_schema_json,  # getchitty-ontology
    '1fefa5db87894bad838872e6d6f120458e82f3d99a4f6fe1140a4725bbff896f': validate_https___get_chitty_cc_schemas_getchitty_roadmap_schema_json,  # getchitty-roadmap
    '19515f7f12eb188f8f908a2631bba3b38eed896d9fb7c2b4dc36a614628af918': validate_https___get_chitty_cc_schemas_getchitty_scopes_schema_json,  # getchitty-scopes
    '5a63f6b4d65121de5d2d626c6170e1c87e6a3762414fa2bf62aee876ae4ec261': validate_https___get_chitty_cc_schemas_getchitty_secrets_schema_json,  # getchitty-secrets
    'bb604160c2c81669023d0a1a54ab858af1f946fc66862b566649e760433d48b8': validate_https___get_chitty_cc_schemas_getchitty_service_schema_json,  # getchitty-service
    'adf51e1a75f226980d310179c8a178cd3a6ee0a3f3dee540930f4364d0321433': validate_https___get_chitty_cc_schemas_getchitty_snapshot_schema_json,  # getchitty-snapshot
    'cae4349462411f70420a1109a0afaca5d629a49f0ab7bcbb1a02c21756ef1d20': validate_https___get_chitty_cc_schemas_getchitty_sources_schema_json,  # getchitty-sources
    '3c0c7a33f4c781df9a9619a9ecafcb74ed48e4bbef38e924ddc17418b2fa2073': validate_https___get_chitty_cc_schemas_getchitty_tiers_schema_json,  # getchitty-tiers
    'bb123fb957e805923e363831bf0a6883defaf2a8af7a1b2c8ecd0d2f3e693cd7': validate_https___get_chitty_cc_schemas_getchitty_waivers_schema_json,  # getchitty-waivers
}
