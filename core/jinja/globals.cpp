#include "core/jinja/globals.h"

#include "core/jinja/builtins.h"
#include "core/jinja/number.h"

#include <ctime>

namespace lw::jinja {
namespace {

Value range(const CallArgs& args, const RenderLimits& limits)
{
    if (!args.keyword.empty() || args.positional.empty() || args.positional.size() > 3)
        throw BuiltinError("range expects 1 to 3 integer arguments");
    int64_t start = 0, stop = 0, step = 1;
    if (args.positional.size() == 1) {
        stop = requireInt(args.positional[0], "range() argument");
    } else {
        start = requireInt(args.positional[0], "range() argument");
        stop = requireInt(args.positional[1], "range() argument");
        if (args.positional.size() == 3)
            step = requireInt(args.positional[2], "range() argument");
    }
    if (step == 0)
        throw BuiltinError("range() arg 3 must not be zero");
    Json out = Json::array();
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        if (int64_t(out.size()) >= limits.maxLoopIterations)
            throw BuiltinError("range() is longer than the limit of " + std::to_string(limits.maxLoopIterations) + " items");
        out.push_back(i);
        if ((step > 0 && i > INT64_MAX - step) || (step < 0 && i < INT64_MIN - step))
            break;
    }
    return Value(std::move(out));
}

Value makeNamespace(const CallArgs& args)
{
    Value ns;
    ns.kind = Value::Kind::Namespace;
    ns.attributes = std::make_shared<NamespaceAttributes>();
    const auto set = [&](const std::string& key, const Value& value) {
        for (auto& [k, v] : *ns.attributes)
            if (k == key) {
                v = value;
                return;
            }
        ns.attributes->emplace_back(key, value);
    };
    for (const Value& p : args.positional) {
        if (!p.isDict())
            throw BuiltinError("namespace() takes a dict or keyword arguments");
        for (auto it = p.data.begin(); it != p.data.end(); ++it)
            set(it.key(), Value(it.value()));
    }
    for (const auto& [key, value] : args.keyword)
        set(key, value);
    return ns;
}

Value makeDict(const CallArgs& args)
{
    Json out = Json::object();
    for (const Value& p : args.positional) {
        if (!p.isDict())
            throw BuiltinError("dict() takes a dict or keyword arguments");
        for (auto it = p.data.begin(); it != p.data.end(); ++it)
            out[it.key()] = it.value();
    }
    for (const auto& [key, value] : args.keyword)
        out[key] = toData(value, "in a dict");
    return Value(std::move(out));
}

Value strftimeNow(const CallArgs& args)
{
    if (args.positional.size() != 1 || !args.positional[0].isString())
        throw BuiltinError("strftime_now takes one format string");
    const std::string format = args.positional[0].data.get<std::string>();
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    std::string out(256 + format.size() * 16, '\0');
    const size_t n = format.empty() ? 0 : std::strftime(out.data(), out.size(), format.c_str(), &local);
    out.resize(n);
    return Value(out);
}

} // namespace

Value globalFunction(const std::string& name, const RenderLimits& limits)
{
    if (name == "range")
        return Value::callable(name, [limits](CallArgs& args) { return range(args, limits); });
    if (name == "namespace")
        return Value::callable(name, [](CallArgs& args) { return makeNamespace(args); });
    if (name == "dict")
        return Value::callable(name, [](CallArgs& args) { return makeDict(args); });
    if (name == "raise_exception")
        return Value::callable(name, [](CallArgs& args) -> Value {
            throw BuiltinError(args.positional.empty() ? std::string("raise_exception called")
                                                       : toPythonStr(args.positional[0]));
        });
    if (name == "strftime_now")
        return Value::callable(name, [](CallArgs& args) { return strftimeNow(args); });
    return Value::undefined("'" + name + "' is undefined");
}

} // namespace lw::jinja
