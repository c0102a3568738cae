// A generated image's stage in words and colour (the words carry the meaning).
import { stageLabel, type Stage } from './generated-image';
import styles from './generated.module.css';

export function StageBadge({ stage }: { stage: Stage | null }) {
  return (
    <span className={styles.badge} data-stage={stage ?? 'generated'}>
      {stageLabel(stage)}
    </span>
  );
}
