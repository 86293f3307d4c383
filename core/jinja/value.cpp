#include "core/jinja/value.h"

#include "core/jinja/python_text.h"

namespace lw::jinja {

Value Value::undefined(std::string hint)
{
    Value v;
    v.undefinedHint = std::move(hint);
    return v;
}

Value Value::callable(std::string name, Function function)
{
    Value v;
    v.kind = Kind::Callable;
    v.functionName = std::move(name);
    v.function = std::make_shared<const Function>(std::move(function));
    return v;
}

const Value* CallArgs::find(size_t position, const std::string& name) const
{
    if (position < positional.size())
        return &positional[position];
    for (const auto& [key, value] : keyword)
        if (key == name)
            return &value;
    return nullptr;
}

bool isTruthy(const Value& value)
{
    switch (value.kind) {
    case Value::Kind::Undefined: return false;
    case Value::Kind::Namespace:
    case Value::Kind::Callable: return true;
    case Value::Kind::Data: break;
    }
    const Json& j = value.data;
    switch (j.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return j.get<bool>();
    case Json::value_t::number_integer: return j.get<int64_t>() != 0;
    case Json::value_t::number_unsigned: return j.get<uint64_t>() != 0;
    case Json::value_t::number_float: return j.get<double>() != 0.0;
    case Json::value_t::string: return !j.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object: return !j.empty();
    default: return false;
    }
}

namespace {

bool jsonEquals(const Json& a, const Json& b)
{
    const bool aNumber = a.is_number() || a.is_boolean();
    const bool bNumber = b.is_number() || b.is_boolean();
    if (aNumber && bNumber) {
        const auto asDouble = [](const Json& j) { return j.is_boolean() ? (j.get<bool>() ? 1.0 : 0.0) : j.get<double>(); };
        if ((a.is_number_integer() || a.is_boolean()) && (b.is_number_integer() || b.is_boolean())) {
            const auto asInt = [](const Json& j) { return j.is_boolean() ? int64_t(j.get<bool>()) : j.get<int64_t>(); };
            return asInt(a) == asInt(b);
        }
        return asDouble(a) == asDouble(b);
    }
    if (a.type() != b.type())
        return false;
    if (a.is_array()) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (!jsonEquals(a[i], b[i]))
                return false;
        return true;
    }
    if (a.is_object()) {
        if (a.size() != b.size())
            return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            auto other = b.find(it.key());
            if (other == b.end() || !jsonEquals(it.value(), *other))
                return false;
        }
        return true;
    }
    return a == b;
}

} // namespace

bool pythonEquals(const Value& a, const Value& b)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case Value::Kind::Undefined: return true;
    case Value::Kind::Namespace: return a.attributes == b.attributes;
    case Value::Kind::Callable: return a.function == b.function;
    case Value::Kind::Data: return jsonEquals(a.data, b.data);
    }
    return false;
}

std::string pythonTypeName(const Value& value)
{
    switch (value.kind) {
    case Value::Kind::Undefined: return "Undefined";
    case Value::Kind::Namespace: return "Namespace";
    case Value::Kind::Callable: return "function";
    case Value::Kind::Data: break;
    }
    switch (value.data.type()) {
    case Json::value_t::null: return "NoneType";
    case Json::value_t::boolean: return "bool";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "int";
    case Json::value_t::number_float: return "float";
    case Json::value_t::string: return "str";
    case Json::value_t::array: return "list";
    case Json::value_t::object: return "dict";
    default: return "object";
    }
}

namespace {

std::string jsonRepr(const Json& j, bool topLevelStr)
{
    switch (j.type()) {
    case Json::value_t::null: return "None";
    case Json::value_t::boolean: return j.get<bool>() ? "True" : "False";
    case Json::value_t::number_integer: return std::to_string(j.get<int64_t>());
    case Json::value_t::number_unsigned: return std::to_string(j.get<uint64_t>());
    case Json::value_t::number_float: return formatPythonFloat(j.get<double>());
    case Json::value_t::string: return topLevelStr ? j.get<std::string>() : pythonStringRepr(j.get_ref<const std::string&>());
    case Json::value_t::array: {
        std::string out = "[";
        for (size_t i = 0; i < j.size(); ++i)
            out += (i ? ", " : "") + jsonRepr(j[i], false);
        return out + "]";
    }
    case Json::value_t::object: {
        std::string out = "{";
        bool first = true;
        for (auto it = j.begin(); it != j.end(); ++it) {
            out += (first ? "" : ", ") + pythonStringRepr(it.key()) + ": " + jsonRepr(it.value(), false);
            first = false;
        }
        return out + "}";
    }
    default: return "None";
    }
}

std::string valueText(const Value& value, bool str)
{
    switch (value.kind) {
    case Value::Kind::Undefined: return str ? "" : "Undefined";
    case Value::Kind::Callable: return "<function " + value.functionName + ">";
    case Value::Kind::Namespace: {
        std::string out = "<Namespace {";
        bool first = true;
        for (const auto& [key, item] : *value.attributes) {
            out += (first ? "" : ", ") + pythonStringRepr(key) + ": " + valueText(item, false);
            first = false;
        }
        return out + "}>";
    }
    case Value::Kind::Data: return jsonRepr(value.data, str);
    }
    return "";
}

} // namespace

std::string toPythonStr(const Value& value)
{
    return valueText(value, true);
}

std::string toPythonRepr(const Value& value)
{
    return valueText(value, false);
}

} // namespace lw::jinja
