#include "aboutdialog.h"

#include "buildinfo.h"
#include "ui_aboutdialog.h"

#include <QtGui/QIcon>
#include <QtWidgets/QApplication>
#include <QtWidgets/QPushButton>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

namespace {

// Both numbers, always: a support engineer needs to see a library that differs from the headers.
QString runtimeAndBuild(const QString &runtime, const QString &build)
{
    return AboutDialog::tr("%1 (built with %2)").arg(runtime, build);
}

QString link(const QString &url, const QString &text)
{
    return u"<a href=\"%1\">%2</a>"_s.arg(url.toHtmlEscaped(), text.toHtmlEscaped());
}

QString licencesHtml()
{
    using namespace capiqa::buildinfo;
    const QString spdx = u"https://spdx.org/licenses/%1.html"_s;
    QString html = u"<p>"_s
        + AboutDialog::tr("<b>CAPI QA Console</b> is free software under the %1 licence. Copyright %2.")
              .arg(link(spdx.arg(licenseId()), licenseId()), copyright().toHtmlEscaped())
        + u"</p><p>"_s + AboutDialog::tr("It is built on:") + u"</p><ul>"_s;
    html += u"<li>"_s
        + AboutDialog::tr("%1 %2, under the GNU Lesser General Public License v3 (%3); capiqa links it "
                          "dynamically, so the Qt libraries can be replaced.")
              .arg(link(u"https://www.qt.io/"_s, u"Qt"_s), qtRuntimeVersion(),
                   link(spdx.arg(u"LGPL-3.0-only"_s), u"LGPL-3.0-only"_s))
        + u"</li>"_s;
    html += u"<li>"_s
        + AboutDialog::tr("%1 %2, under the Apache License 2.0 (%3).")
              .arg(link(u"https://www.openssl.org/"_s, u"OpenSSL"_s), opensslVersion(),
                   link(spdx.arg(u"Apache-2.0"_s), u"Apache-2.0"_s))
        + u"</li>"_s;
    html += u"<li>"_s
        + AboutDialog::tr("%1, which keeps access tokens in the system keychain, under the BSD 3-Clause licence (%2).")
              .arg(link(u"https://github.com/frankosterfeld/qtkeychain"_s, u"QtKeychain"_s),
                   link(spdx.arg(u"BSD-3-Clause"_s), u"BSD-3-Clause"_s))
        + u"</li></ul>"_s;
    html += u"<p>"_s
        + AboutDialog::tr("Meta, Facebook and the Conversions API are trademarks of Meta Platforms, Inc.; "
                          "capiqa is not affiliated with Meta.")
        + u"</p>"_s;
    return html;
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);

    const QIcon icon = QApplication::windowIcon();
    m_ui->iconLabel->setPixmap(icon.pixmap(QSize(96, 96), devicePixelRatio()));
    m_ui->homepageLabel->setText(link(buildinfo::homepage(), buildinfo::homepage()));
    m_ui->versionLabel->setText(buildinfo::fullVersion());
    m_ui->qtLabel->setText(runtimeAndBuild(buildinfo::qtRuntimeVersion(), buildinfo::qtBuildVersion()));
    m_ui->opensslLabel->setText(runtimeAndBuild(buildinfo::opensslVersion(), buildinfo::opensslBuildVersion()));
    m_ui->licencesBrowser->setHtml(licencesHtml());

    QPushButton *aboutQt = m_ui->buttonBox->addButton(tr("About &Qt"), QDialogButtonBox::ActionRole);
    connect(aboutQt, &QPushButton::clicked, this, &QApplication::aboutQt);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AboutDialog::~AboutDialog() = default;

} // namespace capiqa::gui
