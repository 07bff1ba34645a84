export {
  CONTEXT_LENGTH,
  assertTextRange,
  describeTextRange,
  type HighlightSelectors,
  type TextPositionSelector,
  type TextQuoteSelector,
} from './selectors';
export {
  MIN_SCORE,
  anchorSelectors,
  maxQuoteErrors,
  requiredContext,
  type AnchorOptions,
  type AnchorResult,
  type AnchorSelectors,
} from './anchor';
export {
  rangeToTextOffsets,
  textOffsetsToNodeRanges,
  textOffsetsToRange,
  type NodeRange,
  type TextOffsets,
} from './dom-range';
