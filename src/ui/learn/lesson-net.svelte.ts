// A lesson's throwaway network: started on mount, restarted on request, stopped when the lesson
// closes, even if it closes while the network is still starting.
import type { LearnLab, LessonNetwork } from '../../app/learn-lab';

export class LessonNetHolder {
  net = $state<LessonNetwork | null>(null);
  /** Bumped on every change in the lesson network and once a second, so views re-read it. */
  version = $state(0);
  private off: (() => void) | null = null;
  private generation = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly lab: () => LearnLab,
    private readonly premine = 0,
  ) {
    this.timer = setInterval(() => this.version++, 1_000);
  }

  async start(): Promise<void> {
    const generation = ++this.generation;
    this.release();
    const started = await this.lab().lessonNetwork();
    if (generation !== this.generation) return started.stop(); // closed or restarted meanwhile
    this.off = started.onChange(() => this.version++);
    this.net = started;
    if (this.premine > 0) await started.mine(started.you, this.premine);
  }

  destroy(): void {
    this.generation++;
    clearInterval(this.timer);
    this.release();
  }

  private release(): void {
    this.off?.();
    this.off = null;
    this.net?.stop();
    this.net = null;
  }
}
