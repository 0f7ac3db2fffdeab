from kinora_model.evaluate import check_world_videos


def test_python_evaluator_reads_ground_truth_clips_right():
    score = check_world_videos(n=120)
    assert score["color"] >= 0.97 and score["background"] >= 0.97
    assert score["motion"] >= 0.9 and score["shape"] >= 0.85, score
