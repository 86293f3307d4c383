#pragma once
// The one way the project includes QCustomPlot. Its header uses Qt's lower-case
// keywords (signals, foreach), which the project turns off (QT_NO_KEYWORDS, because they
// collide with LibTorch identifiers); this maps them to their Q_ forms for the header
// only. Include it from .cpp files, never from a header moc reads.
#ifndef signals
#define LW_QCP_DEFINED_SIGNALS
#define signals Q_SIGNALS
#endif
#ifndef foreach
#define LW_QCP_DEFINED_FOREACH
#define foreach Q_FOREACH
#endif

#include <qcustomplot.h>

#ifdef LW_QCP_DEFINED_SIGNALS
#undef signals
#undef LW_QCP_DEFINED_SIGNALS
#endif
#ifdef LW_QCP_DEFINED_FOREACH
#undef foreach
#undef LW_QCP_DEFINED_FOREACH
#endif
