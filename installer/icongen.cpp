// capiqa-icongen: renders the one application SVG to a square PNG of the given size, for the
// hicolor icon theme. Build-time tool only (installer/CMakeLists.txt); never installed.
#include <QtCore/QFile>
#include <QtCore/QString>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtSvg/QSvgRenderer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: capiqa-icongen INPUT.svg OUTPUT.png SIZE\n");
        return 2;
    }
    const QString input = QFile::decodeName(argv[1]);
    const QString output = QFile::decodeName(argv[2]);
    bool ok = false;
    const int size = QString::fromLatin1(argv[3]).toInt(&ok);
    if (!ok || size < 8 || size > 4096) {
        std::fprintf(stderr, "capiqa-icongen: SIZE must be a number of pixels from 8 to 4096, not \"%s\"\n", argv[3]);
        return 2;
    }
    QSvgRenderer renderer(input);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "capiqa-icongen: %s: not a valid SVG file\n", qUtf8Printable(input));
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.setAspectRatioMode(Qt::KeepAspectRatio);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    if (!image.save(output, "PNG")) {
        std::fprintf(stderr, "capiqa-icongen: cannot write %s\n", qUtf8Printable(output));
        return 1;
    }
    return 0;
}
