#include "mainwindow.h"

#include "ui_mainwindow.h"

namespace capiqa::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
}

MainWindow::~MainWindow() = default;

} // namespace capiqa::gui
