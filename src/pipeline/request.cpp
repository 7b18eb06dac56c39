#include "pipeline/request.hpp"

#include "platform/paths.hpp"

namespace thidua::pipeline {

GivenPath::GivenPath(std::string as_given)
    : given(std::move(as_given)),
      absolute(given.empty() ? std::filesystem::path()
                             : platform::absolute_folder(platform::path_of(given))) {}

}  // namespace thidua::pipeline
