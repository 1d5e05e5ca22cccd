#include "composition.h"

#include "event/eventid.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>

using namespace Qt::StringLiterals;

namespace capiqa::compose {

namespace {

// "data[0].user_data.em[1]: Invalid email format" → the path and the message apart.
validate::Finding findingFromBuildError(const QString &error)
{
    validate::Finding f;
    f.severity = validate::Severity::Error;
    f.rule = u"build.rejected"_s;
    const qsizetype colon = error.indexOf(u": "_s);
    if (colon > 0 && error.startsWith(u"data["_s)) {
        f.path = error.left(colon);
        f.message = error.mid(colon + 2);
    } else {
        f.message = error;
    }
    f.fix = u"Correct the value: the official implementation would refuse to send this event."_s;
    return f;
}

QString quoted(const std::string &text)
{
    return u'"' + QString::fromStdString(text) + u'"';
}

} // namespace

Composition compose(const QJsonObject &rawEvent, const ComposeSettings &settings)
{
    Composition c;
    c.now = settings.now > 0 ? settings.now : QDateTime::currentSecsSinceEpoch();
    c.resolvedEvent = rawEvent;
    if (rawEvent.value("event_time"_L1).toString() == "now"_L1)
        c.resolvedEvent.insert("event_time"_L1, c.now);

    const QString ownId = rawEvent.value("event_id"_L1).toString();
    if (ownId.contains(u'{')) {
        QString why;
        const auto id = event::EventIdTemplate(ownId).expand(event::eventTemplateVariables(c.resolvedEvent, settings.variables), &why);
        if (id) {
            c.resolvedEvent.insert("event_id"_L1, *id);
        } else {
            c.findings.append({validate::Severity::Error, u"event_id.template"_s, u"data[0].event_id"_s,
                               u"The event id template \"%1\" cannot be filled in: %2."_s.arg(ownId, why),
                               u"Add the missing value to the event (custom_data.order_id, …) or write {{ and }} for literal braces."_s});
        }
    }

    QJsonObject raw{{u"data"_s, QJsonArray{c.resolvedEvent}}};
    if (!settings.production && !settings.testEventCode.isEmpty())
        raw.insert("test_event_code"_L1, settings.testEventCode);

    event::RequestBuilder builder(settings.normalizer);
    event::BuildResult built = builder.build(raw);
    c.diagnostics = std::move(built.diagnostics);
    for (const QString &error : std::as_const(built.errors))
        c.findings.append(findingFromBuildError(error));
    if (built.ok() && c.findings.isEmpty()) {
        c.requestBody = std::move(built.body);
        c.findings += validate::Validator().validate(c.requestBody, {c.now});
    } else {
        // Still validate what was typed, so every other problem shows at once.
        c.findings += validate::Validator().validate(raw, {c.now});
    }
    return c;
}

QList<pii::Profile> ImplementationComparison::differingFrom(pii::Profile profile) const
{
    QList<pii::Profile> out;
    const auto mine = result(profile).payload();
    for (pii::Profile other : pii::AllProfiles) {
        if (other != profile && result(other).payload() != mine)
            out.append(other);
    }
    return out;
}

ImplementationComparison compareImplementations(pii::Field field, QStringView value)
{
    ImplementationComparison c;
    for (pii::Profile p : pii::AllProfiles)
        c.results[std::size_t(p)] = pii::PiiProcessor::run(p, field, value);
    return c;
}

QString describeComparison(const ImplementationComparison &comparison)
{
    QStringList lines;
    for (pii::Profile p : pii::AllProfiles) {
        const pii::PiiResult &r = comparison.result(p);
        QString line = QString::fromLatin1(pii::profileName(p)) + u": "_s + QString::fromLatin1(pii::statusWord(r.status));
        if (r.status == pii::Status::Rejected)
            line += u" ("_s + QString::fromStdString(r.error) + u')';
        else if (r.hasSent)
            line += u' ' + quoted(r.normalized) + u" → "_s + QString::fromStdString(r.sent);
        else
            line += u", nothing sent"_s;
        lines.append(line);
    }
    return lines.join(u'\n');
}

} // namespace capiqa::compose
