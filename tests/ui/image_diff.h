#pragma once

// Comparing two renderings of one figure (PNG at two resolutions, a PDF rasterised by poppler or
// Ghostscript): both brought to one pixel size, then how far apart they are. A text drawn 3x too large, a
// glyph drawn as a box or a missing element moves these numbers far more than antialiasing does.

#include <QImage>
#include <QString>
#include <QStringList>

namespace interlens::test {

struct ImageDifference
{
    double meanAbs = 0.0;  // mean |a - b| over pixels and RGB channels, 0..255
    double farShare = 0.0; // share of pixels where some channel differs by more than 96
    QString describe() const;
};

// `b` is scaled (smoothly) to `a`'s size first; both are flattened onto white.
ImageDifference imageDifference(const QImage& a, const QImage& b);

// Runs `program` with `arguments`; its output (stdout and stderr) in `output`. False when it fails or is not
// installed (`output` says which).
bool runTool(const QString& program, const QStringList& arguments, QString* output);

} // namespace interlens::test
