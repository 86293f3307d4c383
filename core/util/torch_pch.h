// Precompiled once (see cmake/LwHelpers.cmake) and reused by every target that uses
// LibTorch: parsing these headers dominates compile time otherwise.
#pragma once
#include <torch/torch.h>
#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
