#include "mainwindow.h"

#include <QtWidgets/QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("capiqa"));
    QApplication::setOrganizationName(QStringLiteral("capiqa"));
    capiqa::gui::MainWindow window;
    window.show();
    return QApplication::exec();
}
