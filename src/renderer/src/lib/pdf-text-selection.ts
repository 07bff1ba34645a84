/**
 * Mouse selection over pdf.js text layers, after pdf.js's own viewer
 * (web/text_layer_builder.js). The spans are absolutely positioned, so a
 * drag over blank space between them makes Chromium jump the selection to
 * the layer's start. Each layer ends with an `.endOfContent` block: while a
 * selection is being made it covers the layer (`.selecting`, pdf.css) and
 * moves next to the selection's moving end, so the blank space selects up
 * to there and no further.
 */
export function trackTextLayerSelection(root: HTMLElement): () => void {
  const layers = (): HTMLElement[] => [...root.querySelectorAll<HTMLElement>('.textLayer')];
  const endOf = (layer: HTMLElement): HTMLElement | null => layer.querySelector(':scope .endOfContent');
  const reset = (layer: HTMLElement): void => {
    const end = endOf(layer);
    if (end) {
      layer.append(end);
      end.style.width = '';
      end.style.height = '';
      end.style.userSelect = '';
    }
    layer.classList.remove('selecting');
  };
  const resetAll = (): void => layers().forEach(reset);

  let pointerDown = false;
  let previous: Range | null = null;
  const onPointerDown = (event: PointerEvent): void => {
    pointerDown = true;
    (event.target as Element | null)?.closest?.('.textLayer')?.classList.add('selecting');
  };
  const onPointerUp = (): void => {
    pointerDown = false;
    resetAll();
  };
  const onKeyUp = (): void => {
    if (!pointerDown) resetAll();
  };
  const onSelectionChange = (): void => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0) {
      resetAll();
      previous = null;
      return;
    }
    const range = selection.getRangeAt(0);
    for (const layer of layers()) {
      if (range.intersectsNode(layer)) layer.classList.add('selecting');
      else reset(layer);
    }
    // Which end moved: the start when the end stayed put.
    const movedStart =
      !!previous &&
      (range.compareBoundaryPoints(Range.END_TO_END, previous) === 0 || range.compareBoundaryPoints(Range.START_TO_END, previous) === 0);
    previous = range.cloneRange();
    let anchor: Node | null = movedStart ? range.startContainer : range.endContainer;
    if (anchor.nodeType === Node.TEXT_NODE) anchor = anchor.parentNode;
    if (!movedStart && range.endOffset === 0 && anchor) {
      // The end sits before a node's first character: the end is in the node before it.
      do {
        while (anchor && !anchor.previousSibling) anchor = anchor.parentNode;
        anchor = anchor?.previousSibling ?? null;
      } while (anchor && !anchor.childNodes.length);
    }
    const element = anchor instanceof Element ? anchor : null;
    const layer = element?.parentElement?.closest<HTMLElement>('.textLayer');
    if (!element || !layer || !root.contains(layer) || element.parentElement === null) return;
    const end = endOf(layer);
    if (!end || end === element) return;
    end.style.width = layer.style.width;
    end.style.height = layer.style.height;
    end.style.userSelect = 'text';
    element.parentElement.insertBefore(end, movedStart ? element : element.nextSibling);
  };

  document.addEventListener('pointerdown', onPointerDown);
  document.addEventListener('pointerup', onPointerUp);
  window.addEventListener('blur', onPointerUp);
  document.addEventListener('keyup', onKeyUp);
  document.addEventListener('selectionchange', onSelectionChange);
  return () => {
    document.removeEventListener('pointerdown', onPointerDown);
    document.removeEventListener('pointerup', onPointerUp);
    window.removeEventListener('blur', onPointerUp);
    document.removeEventListener('keyup', onKeyUp);
    document.removeEventListener('selectionchange', onSelectionChange);
  };
}
