#pragma once
// Where the GGUF model fixtures are (made by fixtures/make_gguf_fixtures.py with
// llama.cpp's gguf-py) and their expected logits.
#include "test_paths.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::test {

inline std::string ggufModelFixture(const std::string& name)
{
    return std::string(sourceDir()) + "/tests/core/gguf_model/fixtures/" + name;
}

inline nlohmann::json ggufModelExpected()
{
    std::ifstream in(ggufModelFixture("expected.json"));
    return nlohmann::json::parse(in);
}

} // namespace lw::test
