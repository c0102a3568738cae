'use client';
// The grid people rearrange by mouse, touch or keyboard (@dnd-kit), telling screen-reader
// users which file moved where.
import { useId, useRef, type CSSProperties, type ReactNode, type RefObject } from 'react';
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove, rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { GalleryItem } from './gallery-items';
import { ratioOf, type HandleProps } from './image-tile';
import styles from './gallery.module.css';

const INSTRUCTIONS = {
  draggable:
    'To move this image, press Space or Enter, use the arrow keys to choose its new place, ' +
    'then press Space or Enter again to drop it, or Escape to cancel.',
};

// `lastOver` remembers where the image was last announced: dnd-kit reports the image over
// itself the moment it is picked up, which would talk over "Picked up".
function announcementsFor(items: GalleryItem[], lastOver: RefObject<UniqueIdentifier | null>): Announcements {
  const name = (id: UniqueIdentifier) => items.find((item) => item.key === id)?.filename ?? 'Image';
  const place = (id: UniqueIdentifier) => `position ${items.findIndex((item) => item.key === id) + 1} of ${items.length}`;
  return {
    onDragStart: ({ active }) => {
      lastOver.current = active.id;
      return `Picked up ${name(active.id)}, in ${place(active.id)}.`;
    },
    onDragOver: ({ active, over }) => {
      if ((over?.id ?? null) === lastOver.current) return undefined;
      lastOver.current = over?.id ?? null;
      return over ? `${name(active.id)} moved to ${place(over.id)}.` : `${name(active.id)} is outside the grid.`;
    },
    onDragEnd: ({ active, over }) => (over ? `${name(active.id)} dropped at ${place(over.id)}.` : `${name(active.id)} dropped back in ${place(active.id)}.`),
    onDragCancel: ({ active }) => `Moving cancelled. ${name(active.id)} is back in ${place(active.id)}.`,
  };
}

export function SortableGrid({
  items,
  onMove,
  renderItem,
}: {
  items: GalleryItem[];
  onMove: (keys: string[]) => void;
  renderItem: (item: GalleryItem, handle: HandleProps, index: number) => ReactNode;
}) {
  // Mouse and touch rather than one pointer sensor: the pointer sensor would claim touches
  // first, and touch needs its own tolerance so a finger resting on a handle is not a drag.
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 120, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  // A stable id keeps dnd-kit's aria ids the same on the server and in the browser.
  const id = useId();
  const lastOver = useRef<UniqueIdentifier | null>(null);
  const keys = items.map((item) => item.key);

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    onMove(arrayMove(keys, keys.indexOf(String(active.id)), keys.indexOf(String(over.id))));
  }

  return (
    <DndContext
      id={id}
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements: announcementsFor(items, lastOver), screenReaderInstructions: INSTRUCTIONS }}
    >
      <SortableContext items={keys} strategy={rectSortingStrategy}>
        <ul className={styles.grid} aria-label="Images">
          {items.map((item, index) => (
            <SortableTile key={item.key} item={item} index={index} renderItem={renderItem} />
          ))}
        </ul>
      </SortableContext>
    </DndContext>
  );
}

function SortableTile({
  item,
  index,
  renderItem,
}: {
  item: GalleryItem;
  index: number;
  renderItem: (item: GalleryItem, handle: HandleProps, index: number) => ReactNode;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: item.key });
  return (
    <li
      ref={setNodeRef}
      className={styles.cell}
      data-dragging={isDragging}
      // The ratio sizes the cell in the justified rows (gallery.module.css).
      style={{ transform: CSS.Translate.toString(transform), transition, '--ratio': ratioOf(item) } as CSSProperties}
    >
      {renderItem(item, { ...attributes, ...listeners, ref: setActivatorNodeRef }, index)}
    </li>
  );
}
