/** The task queue every gongkai workflow and activity runs on. */
export const GONGKAI_TASK_QUEUE = 'gongkai';
