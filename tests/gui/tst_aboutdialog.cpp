// The About dialog shows the build's version, the Qt and OpenSSL versions and the licences, and
// leaves a screenshot in <build>/screenshots/about.png for people to look at.
#include "aboutdialog.h"
#include "buildinfo.h"

#include <QtCore/QDir>
#include <QtCore/QRegularExpression>
#include <QtGui/QIcon>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTextBrowser>

using namespace Qt::StringLiterals;
using capiqa::gui::AboutDialog;
namespace buildinfo = capiqa::buildinfo;

class TestAboutDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // capiqa sets this from the one SVG in resources/; the dialog shows whatever it is.
        QApplication::setWindowIcon(QIcon(QStringLiteral(CAPIQA_ICON_SVG)));
        QVERIFY(!QApplication::windowIcon().isNull());
    }

    void showsVersions()
    {
        AboutDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        const auto *version = dialog.findChild<QLabel *>(u"versionLabel"_s);
        QVERIFY(version);
        QCOMPARE(version->text(), buildinfo::fullVersion());
        QVERIFY(version->text().startsWith(buildinfo::version()));
        QVERIFY(QRegularExpression(u"^\\d+\\.\\d+\\.\\d+"_s).match(version->text()).hasMatch());

        const auto *qt = dialog.findChild<QLabel *>(u"qtLabel"_s);
        QVERIFY(qt);
        QCOMPARE(qt->text(), u"%1 (built with %2)"_s.arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));

        const auto *openssl = dialog.findChild<QLabel *>(u"opensslLabel"_s);
        QVERIFY(openssl);
        QVERIFY2(QRegularExpression(u"^3\\.\\d+\\.\\d+"_s).match(openssl->text()).hasMatch(), qPrintable(openssl->text()));
        QCOMPARE(openssl->text(), u"%1 (built with %2)"_s.arg(buildinfo::opensslVersion(), buildinfo::opensslBuildVersion()));

        const auto *icon = dialog.findChild<QLabel *>(u"iconLabel"_s);
        QVERIFY(icon);
        QVERIFY(!icon->pixmap().isNull());
    }

    void namesLicencesAndLink()
    {
        AboutDialog dialog;
        const auto *browser = dialog.findChild<QTextBrowser *>(u"licencesBrowser"_s);
        QVERIFY(browser);
        const QString text = browser->toPlainText();
        for (const QString &expected : {buildinfo::licenseId(), u"LGPL-3.0-only"_s, u"Apache-2.0"_s,
                                        u"BSD-3-Clause"_s, u"QtKeychain"_s, u"OpenSSL"_s}) {
            QVERIFY2(text.contains(expected), qPrintable(expected + u" missing from: "_s + text));
        }
        QVERIFY(browser->openExternalLinks());

        const auto *homepage = dialog.findChild<QLabel *>(u"homepageLabel"_s);
        QVERIFY(homepage);
        QVERIFY(homepage->openExternalLinks());
        QVERIFY(homepage->text().contains(u"href=\""_s + buildinfo::homepage() + u'"'));
        QVERIFY(buildinfo::homepage().startsWith(u"https://"_s));
    }

    void closes()
    {
        AboutDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *box = dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s);
        QVERIFY(box);
        QVERIFY(box->button(QDialogButtonBox::Close));
        box->button(QDialogButtonBox::Close)->click();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void screenshot()
    {
        AboutDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(QDir().mkpath(QStringLiteral(CAPIQA_SCREENSHOT_DIR)));
        const QString path = QStringLiteral(CAPIQA_SCREENSHOT_DIR) + u"/about.png"_s;
        const QImage image = dialog.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(path));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
