#pragma once

// The line above the single-prompt views: which extraction they show (a pair's joint extraction, or every
// model's single-model extraction: the switch), what they show (the caption of figure_caption.h), and, when a
// setting on the left has changed since these results, a mark that they are out of date until Run.

#include <QWidget>

class QComboBox;
class QLabel;

namespace interlens::ui {

class SessionController;

class ViewsHeader : public QWidget
{
    Q_OBJECT
public:
    explicit ViewsHeader(SessionController* controller, QWidget* parent = nullptr);

    QComboBox* extractionBox() const { return m_extraction; }
    bool isOutOfDate() const { return m_outOfDate; }
    void setOutOfDate(bool outOfDate);
    QString captionText() const;
    QString outOfDateText() const;

private:
    void onSessionChanged();

    SessionController* m_controller;
    QComboBox* m_extraction;
    QLabel* m_caption;
    QLabel* m_stale;
    bool m_outOfDate = false;
};

} // namespace interlens::ui
