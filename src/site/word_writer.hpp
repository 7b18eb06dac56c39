// A document or page written as a Word document (.docx, WordprocessingML):
// what `thidua convert --to workbooks` makes of a Markdown document. The
// administrative header laid out as Hướng dẫn 29-HD/TWĐTN-VP gives it (a
// borderless table: issuer and number on the left, the Union's name and the
// date on the right), the kind and title centred, the body from cmark-gfm's
// node tree, the signing block and recipients in a borderless table at the
// end. The zip through libarchive; no date inside, so that the same document
// gives the same bytes.
#pragma once

#include <string>

#include "model/model.hpp"

namespace thidua::site {

/// `d` as a .docx; `parent` is the site's parent organisation (the line
/// above the issuer).
std::string word_document(const Document& d, const std::string& parent);

/// `p` as a .docx: its title in the Title style, then its body.
std::string word_page(const Page& p);

/// The kind's word in capitals as a Union document prints it ("plan" →
/// "KẾ HOẠCH"), "" for "other".
std::string kind_line(const std::string& kind);

}  // namespace thidua::site
