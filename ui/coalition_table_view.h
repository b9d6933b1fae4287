#pragma once

// View (3): the interaction table with its filters (type, order range, shared only, |I| at least, words) over
// CoalitionFilterModel. Its row selection and the session's selection model follow each other.

#include "exportable_view.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace interlens::ui {

class CoalitionFilterModel;
class SessionController;

class CoalitionTableView : public QWidget, public ExportableView
{
    Q_OBJECT
public:
    explicit CoalitionTableView(SessionController* controller, QWidget* parent = nullptr);

    QString exportName() const override { return QStringLiteral("table"); }
    QString exportTitle() const override { return tr("Interaction table"); }
    QString exportCaption() const override;
    QSizeF defaultSizeMm() const override { return {183.0, 100.0}; }
    void renderExport(QCPPainter& painter, const QSize& size) override;
    // Every column whole and the header with a few rows under it.
    bool fitsAt(const QSize& size, QString* why) override;
    QWidget* exportWidget() override { return this; }

    QTableView* tableView() const { return m_table; }
    CoalitionFilterModel* filterModel() const { return m_filter; }
    // Filter controls, for tests and for the menu.
    QComboBox* typeCombo() const { return m_type; }
    QCheckBox* sharedOnlyBox() const { return m_sharedOnly; }
    QDoubleSpinBox* minAbsSpin() const { return m_minAbs; }
    QSpinBox* minOrderSpin() const { return m_minOrder; }
    QSpinBox* maxOrderSpin() const { return m_maxOrder; }

    // The visible (filtered, sorted) table as CSV.
    bool exportCsv(const QString& path, QString* error) const;

private:
    void onSessionChanged();
    void followController(int row);
    void updateCount();

    SessionController* m_controller;
    CoalitionFilterModel* m_filter;
    QTableView* m_table;
    QComboBox* m_type;
    QSpinBox* m_minOrder;
    QSpinBox* m_maxOrder;
    QCheckBox* m_sharedOnly;
    QDoubleSpinBox* m_minAbs;
    QLineEdit* m_text;
    QLabel* m_count;
    bool m_syncing = false;
};

} // namespace interlens::ui
