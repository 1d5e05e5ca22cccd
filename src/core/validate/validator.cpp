// The request-level rules, the entry points and the small helpers the rule files share.
#include "validator.h"

#include "rules.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonParseError>

#include <cmath>

namespace capiqa::validate {

using namespace Qt::StringLiterals;

namespace detail {

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"true/false"_s;
    case QJsonValue::Double: return u"a number"_s;
    case QJsonValue::String: return u"text"_s;
    case QJsonValue::Array: return u"a list"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"nothing"_s;
}

QString preview(const QJsonValue &v)
{
    constexpr qsizetype MaxChars = 40;
    switch (v.type()) {
    case QJsonValue::String: {
        const QString s = v.toString();
        if (s.size() <= MaxChars)
            return u'"' + s + u'"';
        return u'"' + s.left(MaxChars) + u"…\""_s;
    }
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return isWholeNumber(d) ? QString::number(qint64(d)) : QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool: return v.toBool() ? u"true"_s : u"false"_s;
    default: return typeName(v);
    }
}

QString Path::toString() const
{
    if (!m_parent)
        return QString();
    QString text = m_parent->toString();
    if (m_index >= 0)
        return text + u'[' + QString::number(m_index) + u']';
    if (text.isEmpty())
        return m_key.toString();
    return text + u'.' + m_key.toString();
}

Members::Members(const QJsonObject &object)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        m_members.emplace_back(it.key(), it.value());
}

QJsonValue Members::value(QLatin1StringView key) const
{
    for (const auto &[k, v] : m_members) {
        if (k == key)
            return v;
    }
    return QJsonValue(QJsonValue::Undefined);
}

bool isWholeNumber(double d)
{
    // Beyond 2^53 doubles are all whole; the range check keeps the qint64 cast defined.
    return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18;
}

} // namespace detail

using namespace detail;

namespace {

void checkData(const QJsonObject &request, Report &report)
{
    const auto it = request.constFind("data"_L1);
    if (it == request.constEnd()) {
        report.add("request.data_missing"_L1, QString(),
                   u"The request has no \"data\" list, so it carries no events. Meta rejects it."_s,
                   u"Put the events in a list under \"data\": {\"data\": [ {…event…} ]}."_s);
        return;
    }
    const QJsonValue data = it.value();
    if (!data.isArray()) {
        report.add("request.data_type"_L1, u"data"_s,
                   u"\"data\" is %1 but must be a list of events. Meta rejects the request."_s.arg(typeName(data)),
                   data.isObject() ? u"Wrap the single event in a list: \"data\": [ {…event…} ]."_s
                                   : u"Send \"data\" as a list of event objects: \"data\": [ {…}, {…} ]."_s);
        return;
    }
    const QJsonArray events = data.toArray();
    if (events.isEmpty()) {
        report.add("request.data_empty"_L1, u"data"_s,
                   u"\"data\" is an empty list: there is no event to send."_s,
                   u"Add at least one event, or do not send the request."_s);
        return;
    }
    if (events.size() > MaxEventsPerRequest) {
        report.add("request.too_many_events"_L1, u"data"_s,
                   u"The request holds %1 events; Meta accepts at most %2 per request and rejects all of them."_s
                       .arg(events.size())
                       .arg(MaxEventsPerRequest),
                   u"Split the events into batches of at most %1."_s.arg(MaxEventsPerRequest));
    }
    const Path root;
    const Path dataPath = root.child(u"data");
    for (qsizetype i = 0; i < events.size(); ++i) {
        const Path path = dataPath.at(i);
        const QJsonValue event = events.at(i);
        if (!event.isObject()) {
            report.add("event.type"_L1, path,
                       u"This entry of \"data\" is %1, not an event object. Meta rejects the request."_s.arg(typeName(event)),
                       u"Each entry of \"data\" must be an object with event_name, event_time, user_data and action_source."_s);
            continue;
        }
        checkEvent(event.toObject(), path, report);
    }
    checkDuplicateEventIds(events, report);
}

void checkTopLevel(const QJsonObject &request, Report &report)
{
    const QJsonValue code = request.value("test_event_code"_L1);
    if (isAbsent(code) || (code.isString() && code.toString().trimmed().isEmpty())) {
        report.add("request.test_event_code_missing"_L1, u"test_event_code"_s,
                   u"There is no test_event_code, so these are real (production) events: they count in your "
                   "reports and ad optimisation and do not show in Events Manager → Test Events."_s,
                   u"While testing, add \"test_event_code\" with the code from Events Manager → Test Events. "
                   "Leave it out only for real traffic."_s);
    } else if (!code.isString()) {
        report.add("request.test_event_code_type"_L1, u"test_event_code"_s,
                   u"test_event_code is %1 (%2) but must be text."_s.arg(typeName(code), preview(code)),
                   u"Send the code as text, e.g. \"test_event_code\": \"TEST12345\"."_s);
    }

    const QJsonValue token = request.value("access_token"_L1);
    if (!isAbsent(token)) {
        report.add("request.access_token_in_body"_L1, u"access_token"_s,
                   u"The access token is inside the request body. Bodies get logged and stored (proxies, "
                   "debugging tools, support tickets), so the token leaks with them."_s,
                   u"Remove access_token from the body and pass it in the URL query (?access_token=…) instead."_s);
    }
}

} // namespace

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error: return u"error"_s;
    case Severity::Warning: return u"warning"_s;
    case Severity::Hint: return u"hint"_s;
    }
    return u"error"_s;
}

std::optional<Severity> severityFromName(QStringView name)
{
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Hint}) {
        if (name == severityName(s))
            return s;
    }
    return std::nullopt;
}

QJsonObject toJson(const Finding &finding)
{
    return QJsonObject{{"severity"_L1, severityName(finding.severity)},
                       {"rule"_L1, finding.rule},
                       {"path"_L1, finding.path},
                       {"message"_L1, finding.message},
                       {"fix"_L1, finding.fix}};
}

QJsonArray toJson(const QList<Finding> &findings)
{
    QJsonArray array;
    for (const Finding &f : findings)
        array.append(toJson(f));
    return array;
}

qsizetype countOf(const QList<Finding> &findings, Severity severity)
{
    return std::count_if(findings.cbegin(), findings.cend(), [severity](const Finding &f) { return f.severity == severity; });
}

QList<Finding> Validator::validate(const QJsonObject &request, const ValidationOptions &opts) const
{
    const qint64 now = opts.now > 0 ? opts.now : QDateTime::currentSecsSinceEpoch();
    const QJsonValue data = request.value("data"_L1);
    Report report(now, data.isArray() ? data.toArray().size() : 0);
    // Request-wide findings first: they are what a reader needs before the per-event details.
    checkTopLevel(request, report);
    checkData(request, report);
    return report.take();
}

QList<Finding> Validator::validate(const QJsonDocument &request, const ValidationOptions &opts) const
{
    if (request.isObject())
        return validate(request.object(), opts);
    Report report(opts.now, 0);
    report.add("request.not_object"_L1, QString(),
               request.isArray()
                   ? u"The body is a list. Meta expects an object with the events under \"data\"."_s
                   : u"The body is empty. Meta expects an object with the events under \"data\"."_s,
               u"Send {\"data\": [ {…event…} ], \"test_event_code\": \"TEST…\"}."_s);
    return report.take();
}

QList<Finding> Validator::validateBody(const QByteArray &body, const ValidationOptions &opts) const
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        Report report(opts.now, 0);
        report.add("request.invalid_json"_L1, QString(),
                   u"The body is not valid JSON (%1 at character %2). Meta cannot read any of it."_s.arg(
                       error.errorString(), QString::number(error.offset)),
                   u"Fix the JSON syntax (quotes, commas, brackets); a JSON formatter shows the spot."_s);
        return report.take();
    }
    return validate(doc, opts);
}

} // namespace capiqa::validate
