#pragma once
// The values a template computes with. Data from the context (messages, tools, flags)
// stays as JSON, keeping the key order Python's dicts would have; beside it are the
// values Python's jinja2 has and JSON has not: Undefined (a missing name or key, which
// prints as "" and is false), namespace objects (the one mutable thing a sandboxed
// template may change) and callables (macros, built-in functions, bound methods).
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lw::jinja {

using Json = nlohmann::ordered_json;

struct Value;
struct CallArgs;
using Function = std::function<Value(CallArgs&)>;

// The attributes of a namespace(...) object, shared by every name that refers to it.
using NamespaceAttributes = std::vector<std::pair<std::string, Value>>;

struct Value {
    enum class Kind { Undefined, Data, Namespace, Callable };
    Kind kind = Kind::Undefined;
    Json data;
    // Undefined: what the error says when it is used as an object ("'x' is undefined").
    std::string undefinedHint;
    std::shared_ptr<NamespaceAttributes> attributes;
    std::shared_ptr<const Function> function;
    std::string functionName;

    Value() = default;
    Value(Json json) : kind(Kind::Data), data(std::move(json)) {}

    static Value undefined(std::string hint);
    static Value callable(std::string name, Function function);

    bool isUndefined() const { return kind == Kind::Undefined; }
    bool isData() const { return kind == Kind::Data; }
    bool isString() const { return isData() && data.is_string(); }
    bool isNumber() const { return isData() && data.is_number(); }
    bool isList() const { return isData() && data.is_array(); }
    bool isDict() const { return isData() && data.is_object(); }
    bool isNone() const { return isData() && data.is_null(); }
    bool isBool() const { return isData() && data.is_boolean(); }
};

// Positional and keyword arguments of a call, filter or test.
struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keyword;

    // The argument at `position` or named `name`, or nullptr when not given.
    const Value* find(size_t position, const std::string& name) const;
};

// Python's truth value (Undefined, None, 0, "", [] and {} are false).
bool isTruthy(const Value& value);
// Python's ==, where 1 == 1.0 == True.
bool pythonEquals(const Value& a, const Value& b);
// Python's type name ("str", "int", "dict", ...) for error messages.
std::string pythonTypeName(const Value& value);

// Python's str() and repr() of a value: None, True, 1.5, ['a', 1], {'k': 'v'};
// Undefined prints as "".
std::string toPythonStr(const Value& value);
std::string toPythonRepr(const Value& value);

} // namespace lw::jinja
