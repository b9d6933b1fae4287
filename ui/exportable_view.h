#pragma once

// A view that can draw itself onto any paint device at any size (PNG at a chosen DPI, PDF, SVG): see
// view_export.h. Sizes are logical pixels at 96 DPI; the exporter scales the painter for higher resolutions,
// so text and lines keep their physical size. A QCPPainter is passed because QCustomPlot needs one; the
// other views use it as a plain QPainter.

#include <QSize>
#include <QSizeF>
#include <QString>

class QCPPainter;
class QWidget;

namespace interlens::ui {

class ExportableView
{
public:
    virtual ~ExportableView() = default;
    // Short name for file names and menus ("prompt", "order-effect", ...).
    virtual QString exportName() const = 0;
    virtual QString exportTitle() const = 0;
    virtual void renderExport(QCPPainter& painter, const QSize& size) = 0;
    // One line under the figure saying what it shows: models, target, baseline, extraction and mode
    // (figure_caption.h builds it); "" for none.
    virtual QString exportCaption() const { return {}; }
    // Physical size a journal figure of this view has by default (width 89 or 183 mm, see view_export.h).
    virtual QSizeF defaultSizeMm() const { return {89.0, 67.0}; }
    // The widget on screen (its size is the default export aspect ratio).
    virtual QWidget* exportWidget() = 0;
    // Whether the view's text is legible when it is drawn at `size` logical pixels: nothing cut, no two texts
    // overlapping, none shrunk below a readable size. False with what does not fit in `why`. The export is
    // refused below such a size rather than written illegible (view_export.h).
    virtual bool fitsAt(const QSize& /*size*/, QString* /*why*/) { return true; }
};

} // namespace interlens::ui
