#pragma once

#include <QtWidgets/QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace capiqa::gui {

/// Arranges the console's pages. For now it shows what the console will offer.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    std::unique_ptr<Ui::MainWindow> m_ui;
};

} // namespace capiqa::gui
