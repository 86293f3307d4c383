#pragma once
// Command-line flags generated from the configuration structs, so that the CLI never
// restates a default: every field of TrainConfig (and of ModelConfig) becomes a
// --kebab-case flag whose help shows the struct's default, and set flags are applied
// to the JSON form of a config before it is parsed and validated by core.
#include <CLI/CLI.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::cli {

class ConfigFlags {
public:
    // fields: (json key, help); defaults: a JSON object holding each key's default value.
    // With boolFlags, a boolean field is a flag that alone means true (--rslora) and
    // takes a value after '=' (--rslora=false). An array field takes a comma-separated list.
    void add(CLI::App* command, const std::vector<std::pair<std::string, std::string>>& fields,
             const nlohmann::json& defaults, const std::string& group, bool boolFlags = false);
    // The keys given on the command line.
    std::vector<std::string> given() const;
    // Writes every given flag into `config` (converted to the default's JSON type).
    void applyTo(nlohmann::json& config) const;

private:
    struct Flag {
        std::string key, flag;
        nlohmann::json defaultValue;
        std::string raw;
        CLI::Option* option = nullptr;
    };
    std::vector<std::unique_ptr<Flag>> m_flags;
};

} // namespace lw::cli
