#include "render/context.hpp"

namespace thidua::render {

const ms::data ThemeContext::kTrue{true};
const ms::data ThemeContext::kFalse{false};
const ms::data ThemeContext::kEmptyList{ms::data::type::list};
const site::View ThemeContext::kTrueView{true};
const site::View ThemeContext::kFalseView{false};

}  // namespace thidua::render
