#pragma once
// Fusion draws a check box's square with a frame in the window colour, darkened: on a
// dark palette that frame is all but black on near-black, and an unticked box cannot be
// seen. This keeps the frame visible on the check boxes it is given, following theme
// changes (on light palettes nothing changes).
class QCheckBox;

namespace lw::ui {

void keepCheckBoxReadable(QCheckBox* box);

} // namespace lw::ui
