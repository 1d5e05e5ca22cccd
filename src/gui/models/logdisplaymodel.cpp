#include "logdisplaymodel.h"

#include "log/logcolumns.h"
#include "log/logdetail.h"
#include "log/logentry.h"

#include <QtCore/QDateTime>
#include <QtGui/QFontDatabase>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtGui/QPixmap>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

using log::Direction;
using log::Level;
using log::LogColumn;
using log::StatusClass;

namespace {

QColor mix(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(float(a.redF() * share + b.redF() * (1 - share)),
                            float(a.greenF() * share + b.greenF() * (1 - share)),
                            float(a.blueF() * share + b.blueF() * (1 - share)));
}

/// `color` made lighter (dark theme) or darker until it has a contrast of at least 4.6 with
/// every background: readable text in the same hue.
QColor readable(QColor color, const QList<QColor> &backgrounds, bool lighten)
{
    constexpr double Wanted = 4.6;
    const auto worst = [&backgrounds](const QColor &c) {
        double w = 21;
        for (const QColor &b : backgrounds)
            w = std::min(w, contrastRatio(c, b));
        return w;
    };
    int h = 0;
    int s = 0;
    int l = 0;
    color.getHsl(&h, &s, &l);
    while (worst(color) < Wanted && l > 0 && l < 255) {
        l = std::clamp(l + (lighten ? 6 : -6), 0, 255);
        color = QColor::fromHsl(h, s, l);
    }
    return color;
}

QString elided(const QString &text, qsizetype max = 600)
{
    return text.size() <= max ? text : text.left(max) + u" …"_s;
}

// Painted rather than shipped: the shapes take the palette-derived colour of each outcome.
QPixmap arrowPixmap(int direction, const QColor &color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 16.0, size / 16.0);
    if (Direction(direction) == Direction::Internal) {
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(8, 8), 3.5, 3.5);
        return pixmap;
    }
    QPen pen(color, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    QPainterPath path;
    if (Direction(direction) == Direction::Outgoing) {
        path.moveTo(2.5, 8);
        path.lineTo(13, 8);
        path.moveTo(8.5, 3.5);
        path.lineTo(13, 8);
        path.lineTo(8.5, 12.5);
    } else {
        path.moveTo(13.5, 8);
        path.lineTo(3, 8);
        path.moveTo(7.5, 3.5);
        path.lineTo(3, 8);
        path.lineTo(7.5, 12.5);
    }
    p.drawPath(path);
    return pixmap;
}

QString directionToolTip(int direction)
{
    switch (Direction(direction)) {
    case Direction::Outgoing:
        return u"Outgoing: a request that was sent"_s;
    case Direction::Incoming:
        return u"Incoming: an answer, a failure in its place, or a request the emulator received"_s;
    case Direction::Internal:
        return u"Internal: something capiqa decided (a retry, a refusal, a summary)"_s;
    }
    return {};
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

LogDisplayModel::LogDisplayModel(const QPalette &palette, QObject *parent)
    : QIdentityProxyModel(parent)
{
    setPalette(palette);
}

LogDisplayModel::~LogDisplayModel() = default;

void LogDisplayModel::setPalette(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5;
    m_text = palette.color(QPalette::Text);
    // A faint red wash for failed rows, then every accent walked away from the backgrounds it is
    // drawn on until it reads (WCAG AA), whatever the theme.
    m_errorBackground = mix(QColor::fromHsl(2, 200, 128), base, dark ? 0.16 : 0.08);
    const QList<QColor> backgrounds{base, palette.color(QPalette::AlternateBase), m_errorBackground};
    m_success = readable(QColor::fromHsl(130, dark ? 150 : 220, dark ? 150 : 90), backgrounds, dark);
    m_warning = readable(QColor::fromHsl(34, dark ? 200 : 230, dark ? 140 : 100), backgrounds, dark);
    m_error = readable(QColor::fromHsl(2, dark ? 170 : 220, dark ? 160 : 110), backgrounds, dark);
    m_outgoing = readable(QColor::fromHsl(212, dark ? 170 : 220, dark ? 160 : 110), backgrounds, dark);
    m_dim = readable(mix(m_text, base, 0.6), backgrounds, dark);
    m_icons.clear();
    if (const int rows = rowCount(); rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
}

QVariant LogDisplayModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const auto column = LogColumn(index.column());
    switch (role) {
    case Qt::ForegroundRole:
        return foreground(index);
    case Qt::BackgroundRole:
        if (index.data(log::IsErrorRole).toBool())
            return m_errorBackground;
        return {};
    case Qt::DecorationRole: {
        if (column != LogColumn::Direction)
            return {};
        const int direction = index.data(log::DirectionRole).toInt();
        QColor color = m_outgoing;
        if (Direction(direction) != Direction::Outgoing) {
            const QVariant styled = foreground(index.siblingAtColumn(int(LogColumn::Status)));
            color = styled.isValid() ? styled.value<QColor>() : m_dim;
        }
        return directionIcon(direction, color);
    }
    case Qt::TextAlignmentRole:
        switch (column) {
        case LogColumn::Status:
        case LogColumn::Events:
        case LogColumn::Duration:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::FontRole:
        if (column == LogColumn::Time || column == LogColumn::FbtraceId)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ToolTipRole:
        return toolTip(index);
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QVariant LogDisplayModel::foreground(const QModelIndex &index) const
{
    const auto level = Level(index.data(log::LevelRole).toInt());
    switch (LogColumn(index.column())) {
    case LogColumn::Status:
        switch (StatusClass(index.data(log::StatusClassRole).toInt())) {
        case StatusClass::Success:
            return m_success;
        case StatusClass::Redirect:
            return m_warning;
        case StatusClass::ClientError:
        case StatusClass::ServerError:
        case StatusClass::NetworkError:
            return m_error;
        case StatusClass::None:
            break;
        }
        // Not an answer: the row's level tells how it went.
        if (level == Level::Error)
            return m_error;
        if (level == Level::Warning)
            return m_warning;
        return {};
    case LogColumn::Error:
        return m_error;
    case LogColumn::Time:
    case LogColumn::Duration:
    case LogColumn::FbtraceId:
        return m_dim;
    case LogColumn::Direction:
    case LogColumn::Message:
        if (level == Level::Error)
            return m_error;
        if (level == Level::Warning)
            return m_warning;
        return {};
    default:
        return {};
    }
}

QVariant LogDisplayModel::toolTip(const QModelIndex &index) const
{
    switch (LogColumn(index.column())) {
    case LogColumn::Time: {
        const QDateTime t = index.data(log::TimestampRole).toDateTime();
        return QString(t.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u" local\n"_s
                       + t.toUTC().toString(Qt::ISODateWithMs));
    }
    case LogColumn::Direction:
        return directionToolTip(index.data(log::DirectionRole).toInt());
    case LogColumn::Endpoint:
        return elided(index.data(log::UrlRole).toString());
    case LogColumn::Status: {
        const int status = index.data(log::HttpStatusRole).toInt();
        if (status > 0) {
            const QString phrase = log::httpReasonPhrase(status);
            const QString code = u"HTTP "_s + QString::number(status);
            return phrase.isEmpty() ? code : QString(code + u' ' + phrase);
        }
        if (StatusClass(index.data(log::StatusClassRole).toInt()) == StatusClass::NetworkError)
            return QString(u"No HTTP answer: "_s + elided(index.data(log::ErrorRole).toString()));
        return {};
    }
    case LogColumn::Events:
        return index.data(log::EventCountRole).toInt() > 0 ? u"Events in the request"_s : QVariant();
    case LogColumn::Duration:
        return index.data(log::DurationMsRole).toLongLong() >= 0 ? u"From the request's start to the answer's end"_s
                                                                  : QVariant();
    case LogColumn::FbtraceId:
        return index.data(log::FbtraceIdRole).toString().isEmpty()
            ? QVariant()
            : u"Meta's trace id for this answer: quote it when asking Meta for help"_s;
    case LogColumn::Message:
        return elided(index.data(log::MessageRole).toString());
    case LogColumn::Error:
        return elided(index.data(log::ErrorRole).toString());
    default:
        return {};
    }
}

QVariant LogDisplayModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (LogColumn(section)) {
        case LogColumn::Time:
            return u"When the entry was logged (local time)"_s;
        case LogColumn::Direction:
            return u"out: a request sent; in: an answer or a received request; otherwise the level of a note"_s;
        case LogColumn::Profile:
            return u"The settings profile the request used"_s;
        case LogColumn::Endpoint:
            return u"Method and path (the access token is never shown)"_s;
        case LogColumn::Status:
            return u"HTTP status of the answer; \"failed\" when none came"_s;
        case LogColumn::Events:
            return u"Events in the request"_s;
        case LogColumn::Duration:
            return u"Request start to answer end"_s;
        case LogColumn::FbtraceId:
            return u"Meta's trace id for the answer"_s;
        case LogColumn::Message:
            return u"What happened, in one line"_s;
        case LogColumn::Error:
            return u"The decoded Graph error or network error"_s;
        case LogColumn::Count:
            break;
        }
        return {};
    }
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole)
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    return QIdentityProxyModel::headerData(section, orientation, role);
}

QIcon LogDisplayModel::directionIcon(int direction, const QColor &color) const
{
    const quint64 key = (quint64(quint32(direction)) << 32) | color.rgba();
    const auto it = m_icons.constFind(key);
    if (it != m_icons.cend())
        return *it;
    QIcon icon;
    icon.addPixmap(arrowPixmap(direction, color, 16));
    icon.addPixmap(arrowPixmap(direction, color, 32));
    m_icons.insert(key, icon);
    return icon;
}

} // namespace capiqa::gui
