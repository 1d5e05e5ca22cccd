#pragma once

#include <QtWidgets/QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace capiqa::gui {

/// Help → About: the application's name, icon and version (project version + git describe),
/// the Qt and OpenSSL versions it was built with and runs on, the licences and the project link.
class AboutDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace capiqa::gui
