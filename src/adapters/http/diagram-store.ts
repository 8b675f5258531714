/** One rendered diagram as the web serves it; `hash` identifies the content (the ETag). */
export interface DiagramFile {
  svg: string;
  png: Buffer;
  hash: string;
  /**
   * When the PNG's labels would be under 10 CSS px on a phone even top to bottom: the width
   * (and height) in CSS px at which they reach 10 px. The page then shows the PNG at that size
   * in a horizontal scroller on narrow screens.
   */
  phoneSize?: { width: number; height: number };
}

/** Where the app gets diagrams: the real renderer (see `rendererStore`) or an in-memory map in tests. */
export interface DiagramStore {
  /** The diagram with this (already validated) id, or undefined when there is none. */
  get(id: string): Promise<DiagramFile | undefined>;
  /**
   * A diagram generated for one request (the wiring advisor's path), rendered in the house style;
   * absent when the store renders only the knowledge's diagrams (then pages go without it).
   */
  generated?(id: string, dot: string): Promise<DiagramFile>;
}
