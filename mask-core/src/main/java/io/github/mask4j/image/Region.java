package io.github.mask4j.image;

/**
 * An axis-aligned rectangle in pixels: a crop of an image or a detected face.
 *
 * <p>Immutable and thread-safe.
 *
 * @param x left edge
 * @param y top edge
 * @param width width, greater than zero
 * @param height height, greater than zero
 */
public record Region(double x, double y, double width, double height) {
    public Region {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(x) || !Double.isFinite(y)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException(
                    "region needs finite coordinates and a positive size, got " + x + "," + y + " " + width + "x"
                            + height);
        }
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union with another region (0 when they do not overlap). */
    public double iou(Region other) {
        return iou(x, y, right(), bottom(), other.x, other.y, other.right(), other.bottom());
    }

    /**
     * Intersection over union of two boxes given by their corners (0 when they do not overlap; a box whose far
     * corner is before its near one is empty), for code that holds boxes as plain coordinates.
     */
    public static double iou(double ax1, double ay1, double ax2, double ay2, double bx1, double by1, double bx2,
            double by2) {
        double ix = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
        double iy = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
        double inter = ix * iy;
        double union = Math.max(0, ax2 - ax1) * Math.max(0, ay2 - ay1)
                + Math.max(0, bx2 - bx1) * Math.max(0, by2 - by1) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * This region clipped to an image of the given size, or {@code null} when nothing of it lies inside.
     */
    public Region clipTo(int imageWidth, int imageHeight) {
        return clipTo(new Region(0, 0, imageWidth, imageHeight));
    }

    /** The part of this region inside {@code bounds}, or {@code null} when less than a pixel of it is. */
    public Region clipTo(Region bounds) {
        double x0 = Math.max(bounds.x, x);
        double y0 = Math.max(bounds.y, y);
        double x1 = Math.min(bounds.right(), right());
        double y1 = Math.min(bounds.bottom(), bottom());
        if (x1 - x0 < 1 || y1 - y0 < 1) {
            return null;
        }
        return new Region(x0, y0, x1 - x0, y1 - y0);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "[%.0f,%.0f %.0fx%.0f]", x, y, width, height);
    }
}
