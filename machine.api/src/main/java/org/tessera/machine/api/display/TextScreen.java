package org.tessera.machine.api.display;

/**
 * The text screen of a text mode: character codes and attributes as the guest wrote them.
 *
 * @param columns characters per row
 * @param rows rows
 * @param cells {@code columns * rows} cells, row by row: character code in the low byte,
 *     attribute in the high byte
 * @param cursorColumn cursor column, or -1 if the cursor is off
 * @param cursorRow cursor row, or -1 if the cursor is off
 */
public record TextScreen(int columns, int rows, short[] cells, int cursorColumn, int cursorRow) {

    /** @throws IllegalArgumentException if the cell count does not match */
    public TextScreen {
        if (columns < 0 || rows < 0 || cells.length != columns * rows) {
            throw new IllegalArgumentException("text screen " + columns + "x" + rows + " with " + cells.length + " cells");
        }
    }

    /** The character code at a cell. */
    public int character(int column, int row) {
        return cells[row * columns + column] & 0xFF;
    }

    /** The attribute at a cell. */
    public int attribute(int column, int row) {
        return (cells[row * columns + column] >> 8) & 0xFF;
    }
}
